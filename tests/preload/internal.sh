#!/bin/sh
# internal.sh - calls glibc makes to itself are seen (test b): the mmap and
# the munmap inside malloc/free of 1 MiB, a thread's stack, the heap's brk.
# With patching off (MDTRACE_PATCH=none, what a W^X policy looks like) the
# trace must say it is blind instead.
. "$(dirname "$0")/common.sh"

preloaded in "$T/internal" >"$WORK/out" || fail "preloaded run failed"
dump in >"$WORK/rec"
P=$(awk '$1 == "malloc" { print $2 }' "$WORK/out")
S=$(awk '$1 == "thread" { print $2 }' "$WORK/out")
B=$(awk '$1 == "break" { print $2 }' "$WORK/out")
[ -n "$P" ] && [ -n "$S" ] && [ -n "$B" ] || fail "program output incomplete"
awk -v p="$P" -v s="$S" -v b="$B" -v mm=$EV_MMAP -v mu=$EV_MUNMAP -v br=$EV_BRK '
	function h(x) { return x + 0 }
	/^#/ { next }
	$3 == 0 && $2 == mm && $4 == 0 {
		lo = h($11); hi = lo + h($6)
		if (lo <= p && p < hi) { base = lo; mseq = $1 }
		if (lo <= s && s < hi) stack = 1
	}
	$3 == 0 && $2 == mu && base && h($5) == base && $1 > mseq { freed = 1 }
	$3 == 0 && $2 == br { last = h($11) }
	END {
		if (!base) { print "malloc(1 MiB) mmap not seen"; bad = 1 }
		if (!freed) { print "munmap inside free not seen"; bad = 1 }
		if (!stack) { print "thread stack mmap not seen"; bad = 1 }
		if (last != b) { print "last brk record", last, "program break", b; bad = 1 }
		exit bad
	}' "$WORK/rec" || fail "libc-internal calls missing"

MDTRACE_PATCH=none preloaded none "$T/internal" >/dev/null || fail "unpatched run failed"
dump none >"$WORK/none.rec"
grep -q '^# flags [0-9]*[13579]$' "$WORK/none.rec" || fail "unpatched trace not flagged blind"
awk -v B=$EV_BLIND '$2 == B { n++ } END { exit n < 10 }' "$WORK/none.rec" ||
	fail "unpatched functions not reported blind"
exit 0
