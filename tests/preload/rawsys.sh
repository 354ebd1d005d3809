#!/bin/sh
# rawsys.sh - syscall() with a mapping number is recorded as a raw syscall;
# other numbers (getpid, gettid, clone) pass through unchanged (test e).
. "$(dirname "$0")/common.sh"

"$T/rawsys" >"$WORK/plain" 2>/dev/null || fail "plain run failed"
preloaded raw "$T/rawsys" >"$WORK/pre" 2>"$WORK/err" || fail "preloaded run failed"
diff -u "$WORK/plain" "$WORK/pre" || fail "results differ"
A=$(awk '$1 == "mmap" { print $2 }' "$WORK/err")
dump raw | awk -v a="$A" -v raw=$RF_RAW -v mm=$EV_MMAP -v mp=$EV_MPROTECT -v mu=$EV_MUNMAP '
	function h(x) { return x + 0 }
	/^#/ { next }
	$3 == raw && $2 == mm && h($11) == a { m = 1 }
	$3 == raw && $2 == mp && h($5) == a && h($6) == 4096 { p = 1 }
	$3 == raw && $2 == mu && h($5) == a + 4096 { u = 1 }
	END { if (!m || !p || !u) { print "raw records:", m, p, u; exit 1 } }' ||
	fail "raw syscalls not recorded"
exit 0
