/* errors.c - one line on stderr, then exit. */
#include "cli.h"
#include <stdarg.h>
#include <stdlib.h>

static void vsay(const char *fmt, va_list ap)
{
	fputs("mdtrace: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void md_die(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	exit(code);
}

void md_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
}
