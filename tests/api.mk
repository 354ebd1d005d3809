# tests/api.mk - the C API (libmdtrace, include/mdtrace.h) as a program
# uses it: examples/regcache, run plainly and under `mdtrace run`.
API_TESTS = tests/api/regcache.sh
TESTS += $(API_TESTS)
EXTRA_DIST += $(API_TESTS)
