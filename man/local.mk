# man/local.mk - the manual pages, installed by `make install`, and the
# test that keeps them clean under mandoc's linter.
dist_man_MANS += man/mdtrace.1 man/mdtrace.3 man/mdtrace-verdicts.7 man/mdtrace-trace.5 \
	man/mdtrace-preload.7

TESTS += tests/man-lint.sh
EXTRA_DIST += tests/man-lint.sh
