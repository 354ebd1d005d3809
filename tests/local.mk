# tests/local.mk - Check suites run by `make check`.  Each group of tests
# keeps its own fragment.
TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SAN_CFLAGS)
TEST_LIBS = lib/libmdcore.la $(CHECK_LIBS)
include tests/rules.mk
include tests/random.mk
include tests/kernel.mk
include tests/preload.mk
include tests/core.mk
include tests/scenarios/local.mk
include tests/events.mk
include tests/hazards.mk
include tests/checkpoint.mk
include tests/live.mk
# The portable code builds for aarch64 (skipped without the cross compiler).
TESTS += tests/aarch64.sh
EXTRA_DIST += tests/aarch64.sh tests/init.sh
include tests/golden.mk
