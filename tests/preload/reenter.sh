#!/bin/sh
# reenter.sh - the hooks never allocate with malloc (mdtrace-preload(7)):
# threads whose first malloc makes their arena (an mmap inside malloc)
# see malloc entered again from inside itself neither plain nor traced
# with stacks.  (libunwind, opened with dlopen, allocates each thread's
# TLS on its first use: that first use is made at the thread's start.)
. "$(dirname "$0")/common.sh"
need "$T/reenter"
"$T/reenter" >"$WORK/plain.out" || fail "plain: $(cat "$WORK/plain.out")"
MDTRACE_STACKS=16 preloaded s16 "$T/reenter" >"$WORK/s16.out" ||
	fail "traced with stacks: malloc $(cat "$WORK/s16.out") times from inside itself"
dump s16 | awk -v mm=$EV_MMAP '$2 == mm && $3 == 0 && $12 > 0 { n++ } END { exit !n }' ||
	fail "no mmap of the program's has a stack"
exit 0
