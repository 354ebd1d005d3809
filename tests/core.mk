# tests/core.mk - tests of the core written with the table code.
check_PROGRAMS += tests/check_reconcile
tests_check_reconcile_SOURCES = tests/check_reconcile.c
tests_check_reconcile_CFLAGS = $(TEST_CFLAGS)
tests_check_reconcile_LDADD = $(TEST_LIBS)
TESTS += tests/check_reconcile
