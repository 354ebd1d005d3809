# tests/headers.mk - the libraries' headers compile together (headers.c).
check_PROGRAMS += tests/headers
tests_headers_SOURCES = tests/headers.c
tests_headers_CFLAGS = $(AM_CFLAGS) $(LIBUNWIND_CFLAGS)
