# tests/core.mk - tests of the core written with the table code.
check_PROGRAMS += tests/check_reconcile
tests_check_reconcile_SOURCES = tests/check_reconcile.c $(CHECK_MAIN)
tests_check_reconcile_CFLAGS = $(TEST_CFLAGS)
tests_check_reconcile_LDADD = $(TEST_LIBS)
TESTS += tests/check_reconcile
check_PROGRAMS += tests/check_reader
tests_check_reader_SOURCES = tests/check_reader.c $(CHECK_MAIN)
tests_check_reader_CFLAGS = $(TEST_CFLAGS)
tests_check_reader_LDADD = $(TEST_LIBS)
TESTS += tests/check_reader
