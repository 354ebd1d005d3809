# tests/live.mk - live queries (`mdtrace capture --pid`, `mdtrace query
# --pid`): scripts that drive tests/live/prog under `mdtrace run`, run from
# the build directory, and a Check suite for the token text (cli/token.c).
# prog is built with -g: rebuilt.sh checks its lines in the stacks.
check_PROGRAMS += tests/live/prog tests/live/check_token
tests_live_prog_SOURCES = tests/live/prog.c
tests_live_prog_CFLAGS = $(AM_CFLAGS) -g
tests_live_check_token_SOURCES = tests/live/check_token.c cli/token.c cli/token.h $(CHECK_MAIN)
tests_live_check_token_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/cli
tests_live_check_token_CFLAGS = $(TEST_CFLAGS)
tests_live_check_token_LDADD = $(TEST_LIBS)
LIVE_TESTS = tests/live/rebuilt.sh tests/live/unmapped.sh tests/live/json.sh \
	tests/live/untraced.sh tests/live/gone.sh tests/live/notours.sh \
	tests/live/othertrace.sh tests/live/badtoken.sh tests/live/altered.sh \
	tests/live/usage.sh tests/live/xnu.sh
TESTS += tests/live/check_token $(LIVE_TESTS)
EXTRA_DIST += $(LIVE_TESTS) tests/live/common.sh
