#!/bin/sh
# same.sh - `maps` and `query` at many points give the same answers
# from the trace index (checkpoints every 37 records) as from a full replay.
. "$(dirname "$0")/common.sh"
record t 300
T=$WORK/t.mdt
[ -s "$WORK/.t.mdt.idx" ] || fail "mdtrace run wrote no index beside the trace"
B=$(printf '0x%x' $(($A + 4096)))
p=1
while [ "$p" -le "$EVENTS" ]; do
	same maps --format=table --at="$p" "$T"
	[ -s "$WORK/err" ] && fail "maps --at=$p warned: $(cat "$WORK/err")"
	same query --at="$p" "$T" "$A" 16384
	same query --at="$p" --json "$T" "$B" 4096
	same query --from=$(($p / 2)) --at="$p" "$T" "$A" 8192
	p=$(($p + $EVENTS / 25))
done
same maps --at=end "$T"
same query "$T" "$A" 16384
echo "ok: maps and query agree with and without the index at 25 points of $EVENTS events"
