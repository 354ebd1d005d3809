#!/bin/sh
# A reader in another process, while the program still runs, sees every
# record it has committed, those not yet copied out of the ring included.
. "$(dirname "$0")/common.sh"
need "$W/ring"
need "$MDTRACE"
n=30100 # not a whole number of flush steps: the last records stay in the ring
MDTRACE_OUTPUT=$WORK/l.mdt LD_PRELOAD=$PRELOAD "$W/ring" pause "$WORK/count" $n >/dev/null &
pid=$!
on_exit() { kill -9 $pid 2>/dev/null; }
i=0
until [ "$(done_pairs)" = $n ]; do
	i=$((i + 1))
	[ $i -lt 600 ] || fail "program did not finish its pairs"
	sleep 0.05
done
[ "$(hdr "$WORK/l.mdt" committed)" -lt "$(hdr "$WORK/l.mdt" reserved)" ] ||
	fail "nothing was left in the ring: the test proves nothing"
walk "$WORK/l.mdt" > "$WORK/recs"
mm=$(awk '$2 == "MMAP" && $6 == "0x3000"' "$WORK/recs" | wc -l)
mu=$(awk '$2 == "MUNMAP" && $6 == "0x3000"' "$WORK/recs" | wc -l)
[ "$mm" -eq $n ] && [ "$mu" -eq $n ] || fail "walk: $mm mmap, $mu munmap records for $n pairs"
# the command side's reader (lib/trace/reader.c) counts the same events
events=$(( $(hdr "$WORK/l.mdt" next_seq) - 1 ))
"$MDTRACE" stats "$WORK/l.mdt" > "$WORK/stats" 2>&1 || fail "stats: $(cat "$WORK/stats")"
got=$(sed -n 's/^.*: \([0-9]*\) events over .*/\1/p' "$WORK/stats" | head -1)
[ "$got" = "$events" ] || fail "reader saw $got of $events events"
exit 0
