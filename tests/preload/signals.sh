#!/bin/sh
# signals.sh - a signal handler mapping memory mid-hook while three threads
# map, protect and unmap for a second (test d): no deadlock, no crash, no
# failed call, and no record lost (event numbers 1..N all present).
. "$(dirname "$0")/common.sh"

for stacks in 0 16; do
	MDTRACE_STACKS=$stacks preloaded st$stacks timeout 60 "$T/stress" >"$WORK/out" ||
		fail "stress run failed or hung (stacks=$stacks): $(cat "$WORK/out")"
	cat "$WORK/out"
	loops=$(awk '{ print $3 + $6 }' "$WORK/out" | tr -d ,)
	# timeout(1) is traced too; the stress program is its exec'd child
	tr=$(ls "$WORK"/st$stacks.mdt.*.* 2>/dev/null | head -1)
	[ -n "$tr" ] || fail "no trace for the stress program"
	"$T/trace_dump" "$tr" | awk -v mm=$EV_MMAP -v want="$loops" '
		/^# dropped/ && $3 != 0 { print "trace header: " $0; lost = 1 }
		/^# stopped/ { print "trace_dump: " $0; lost = 1 }
		/^#/ { next }
		{ seen[$1]++; if ($1 > max) max = $1 }
		$2 == mm && $4 == 0 { maps++ }
		END {
			if (lost) exit 1
			for (i = 1; i <= max; i++) if (seen[i] != 1) { print "event", i, "count", seen[i]; exit 1 }
			if (maps < want) { print "mmap records", maps, "< calls", want; exit 1 }
		}' || fail "records lost (stacks=$stacks)"
done
exit 0
