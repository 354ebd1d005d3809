# tests/api.mk - libmdtrace (lib/api, mdtrace(3)) through its header:
# the Check suite run plainly (the library's own memory-only capture) and
# under `mdtrace run` (the preloaded capture), and a plain run that must
# leave no trace file behind.  Not sanitized: the capture runs inside it.
# regcache.sh runs examples/regcache (a registration cache on the ABA
# case) both ways and checks its lines.
check_PROGRAMS += tests/api/check_api
tests_api_check_api_SOURCES = tests/api/check_api.c $(CHECK_MAIN)
tests_api_check_api_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests -I$(top_srcdir)/include
tests_api_check_api_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_api_check_api_LDADD = lib/libmdtrace.la $(CHECK_LIBS) -lpthread
API_TESTS = tests/api/check_api tests/api/under_run.sh tests/api/memory.sh \
	tests/api/regcache.sh
TESTS += $(API_TESTS)
EXTRA_DIST += tests/api/under_run.sh tests/api/memory.sh tests/api/regcache.sh
