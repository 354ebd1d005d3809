# tests/stress.mk - stress under mdtrace run --verify (tests/stress): a
# bounded run in make check, 1000 rounds each with `make stress`.
check_PROGRAMS += tests/stress/prog
tests_stress_prog_LDADD = -lpthread
TESTS += tests/stress/stress.sh
EXTRA_DIST += tests/stress/stress.sh

.PHONY: stress
stress: tests/stress/prog$(EXEEXT) cli/mdtrace$(EXEEXT) lib/libmdtrace_preload.la
	STRESS_ROUNDS=1000 srcdir=$(srcdir) $(SHELL) $(srcdir)/tests/stress/stress.sh
