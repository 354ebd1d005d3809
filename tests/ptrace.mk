# tests/ptrace.mk - the ptrace backend (lib/tracer): each behaviour a
# script, most around tests/sud/prog (its own `syscall` instructions).
PTRACE_TESTS = tests/ptrace/inline.sh tests/ptrace/signals.sh tests/ptrace/threads.sh \
	tests/ptrace/forks.sh tests/ptrace/static.sh tests/ptrace/backend.sh
TESTS += $(PTRACE_TESTS)
EXTRA_DIST += $(PTRACE_TESTS) tests/ptrace/common.sh
