# tests/local.mk - the tests `make check` runs.  Each group of tests keeps
# its own fragment.  A test's kind is its extension, and each kind has its
# log compiler: NAME.sh runs with $(SHELL) and sources tests/init.sh (the
# one shell prelude), NAME.scenario runs under tests/scenarios/run.sh, and
# a test without an extension is a Check suite (md_test_suite(), with the
# one main() in tests/check_main.c), run as it is.
TEST_EXTENSIONS = .sh .scenario
SH_LOG_COMPILER = $(SHELL)
EXTRA_DIST += tests/init.sh
TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SAN_CFLAGS)
TEST_LIBS = lib/libmdcore.la $(CHECK_LIBS)
# Every Check suite defines md_test_suite() and links the one main().
CHECK_MAIN = tests/check_main.c tests/check_main.h
include tests/headers.mk
include tests/rules.mk
include tests/random.mk
include tests/kernel.mk
include tests/preload.mk
include tests/sud.mk
include tests/ptrace.mk
include tests/stress.mk
include tests/core.mk
include tests/scenarios/local.mk
include tests/events.mk
include tests/hazards.mk
include tests/checkpoint.mk
include tests/hostile.mk
include tests/live.mk
include tests/api.mk
# The portable code builds for aarch64 (skipped without the cross compiler).
TESTS += tests/aarch64.sh
EXTRA_DIST += tests/aarch64.sh
include tests/golden.mk
