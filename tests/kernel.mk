# tests/kernel.mk - the range table checked against the kernel's own view
# (/proc/self/maps and pagemap) after real mapping calls.
check_PROGRAMS += tests/check_kernel
TESTS += tests/check_kernel
tests_check_kernel_SOURCES = tests/check_kernel.c tests/kmaps.c tests/kmaps.h $(CHECK_MAIN)
tests_check_kernel_CFLAGS = $(TEST_CFLAGS)
tests_check_kernel_LDADD = $(TEST_LIBS)
