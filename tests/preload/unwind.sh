#!/bin/sh
# unwind.sh - libunwind is the library's, not the program's
# (mdtrace-preload(7), MDTRACE_STACKS): with stacks it is mapped but none
# of its names (unw_backtrace, _ULx86_64_step, and so its _Unwind_* that
# would stand in for libgcc's) resolve in the program's global scope; with
# --stacks=0 it is not even loaded; and the stacks are still recorded.
. "$(dirname "$0")/common.sh"
need "$T/unwind"

MDTRACE_STACKS=16 preloaded s16 "$T/unwind" >"$WORK/s16.out" || fail "stacks=16: run failed"
grep -qx 'global 0' "$WORK/s16.out" || fail "stacks=16: libunwind's names are in the global scope: $(cat "$WORK/s16.out")"
grep -qx 'mapped 1' "$WORK/s16.out" || fail "stacks=16: libunwind not mapped: $(cat "$WORK/s16.out")"
dump s16 | awk -v mm=$EV_MMAP '$2 == mm && $12 > 0 { n++ } END { exit !n }' ||
	fail "stacks=16: no mmap record has a stack"

MDTRACE_STACKS=0 preloaded s0 "$T/unwind" >"$WORK/s0.out" || fail "stacks=0: run failed"
grep -qx 'mapped 0' "$WORK/s0.out" || fail "stacks=0: libunwind loaded anyway: $(cat "$WORK/s0.out")"
exit 0
