# tests/events.mk - `mdtrace events` (cli/cmd_events.c, cli/symbolize.c):
# scripts that trace tests/events/prog and read its log; run from the
# build directory.  prog is built with -g: the tests check its lines.
check_PROGRAMS += tests/events/prog tests/events/timing
tests_events_prog_SOURCES = tests/events/prog.c
tests_events_prog_CFLAGS = $(AM_CFLAGS) -g
tests_events_timing_SOURCES = tests/events/timing.c
# md_clock_ns, the conversion of record times (lib/trace/clock.c)
check_PROGRAMS += tests/events/check_clock
tests_events_check_clock_SOURCES = tests/events/check_clock.c $(CHECK_MAIN)
tests_events_check_clock_CFLAGS = $(TEST_CFLAGS)
tests_events_check_clock_LDADD = $(TEST_LIBS)
TESTS += tests/events/check_clock
EVENTS_TESTS = tests/events/stack.sh tests/events/range.sh tests/events/points.sh \
	tests/events/json.sh tests/events/rebuilt.sh tests/events/removed.sh \
	tests/events/badinput.sh tests/events/query.sh tests/events/inline.sh \
	tests/events/timing.sh
TESTS += $(EVENTS_TESTS)
EXTRA_DIST += $(EVENTS_TESTS) tests/events/common.sh
