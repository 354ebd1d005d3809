#!/bin/sh
# same.sh - `maps`, `query` and `events --from` at many points give the
# same answers from the trace index (checkpoints every 37 records) as from
# a full replay.
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
	same events --from="$p" --at=$(($p + 40)) "$T"
	got=$(awk '{ printf "%s ", $1 }' "$WORK/with" | cut -d' ' -f1)
	[ "$got" = "$p" ] || fail "events --from=$p starts at event $got"
	same events --json --range="$A:16384" --from="$p" "$T"
	p=$(($p + $EVENTS / 25))
done
same maps --at=end "$T"
same query "$T" "$A" 16384
# events --from starts from a checkpoint: without an index it builds one
rm -f "$WORK/.t.mdt.idx"
"$MDTRACE" events --from=$(($EVENTS / 2)) "$T" >/dev/null || fail "events --from failed"
[ -s "$WORK/.t.mdt.idx" ] || fail "events --from did not build the trace index"
echo "ok: maps, query and events agree with and without the index at 25 points of $EVENTS events"
