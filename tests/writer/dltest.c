/* dltest.c - a small library for the dlopen/dlclose test. */
int mdtrace_dltest_value(void);
int mdtrace_dltest_value(void)
{
	return 42;
}
