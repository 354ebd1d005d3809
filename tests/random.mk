# tests/random.mk - randomized differential test of the range table against
# the page-array model in tests/model.c.
check_PROGRAMS += tests/check_random
tests_check_random_SOURCES = tests/check_random.c tests/splitmix.h tests/model.c tests/model.h $(CHECK_MAIN)
tests_check_random_CFLAGS = $(TEST_CFLAGS)
tests_check_random_LDADD = $(TEST_LIBS)
TESTS += tests/check_random
