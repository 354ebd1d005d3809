#!/bin/sh
# brk.sh - brk/sbrk give the same results with the hooks and glibc's
# __curbrk stays equal to the kernel's break (test c); the brk calls that
# sbrk makes inside libc are recorded: brk.c makes 5 itself (sbrk +64k,
# sbrk -32k, brk x3) and malloc grows the heap by 2 MiB at least once more.
. "$(dirname "$0")/common.sh"

"$T/brk" >"$WORK/plain" || fail "plain run failed"
preloaded brk "$T/brk" >"$WORK/pre" || fail "preloaded run failed"
diff -u "$WORK/plain" "$WORK/pre" || fail "results differ"
dump brk | awk -v br=$EV_BRK '$3 == 0 && $2 == br { n++ } END { exit n < 6 }' ||
	fail "sbrk's brk calls not recorded"
exit 0
