# tests/sud.mk - syscall user dispatch (lib/preload/sud.c): system calls
# made outside libc, each behaviour a script around tests/sud/prog.
check_PROGRAMS += tests/sud/prog
tests_sud_prog_LDADD = -lpthread
SUD_TESTS = tests/sud/inline.sh tests/sud/blocked.sh tests/sud/sigsys.sh \
	tests/sud/clone3.sh tests/sud/forks.sh tests/sud/unseen.sh
TESTS += $(SUD_TESTS)
EXTRA_DIST += $(SUD_TESTS) tests/sud/common.sh tests/sud/work.sh
