#!/bin/sh
# stale.sh - an index made for another trace, or for the trace before it
# grew, is not used: answers match a full replay, nothing is said, and the
# index is made again for the trace at hand.
. "$(dirname "$0")/common.sh"
record a 300
record b 200
cp "$WORK/.a.mdt.idx" "$WORK/.b.mdt.idx"
same query --at=$(($EVENTS / 2)) "$WORK/b.mdt" "$A" 16384
[ -s "$WORK/err" ] && fail "a foreign index was reported: $(cat "$WORK/err")"
cmp -s "$WORK/.a.mdt.idx" "$WORK/.b.mdt.idx" && fail "the foreign index was kept"
same maps --format=table --at=$(($EVENTS / 3)) "$WORK/b.mdt"

# the trace grew after its index was made
cp "$WORK/a.mdt" "$WORK/g.mdt"
cp "$WORK/.a.mdt.idx" "$WORK/.g.mdt.idx"
head -c 4096 /dev/zero >>"$WORK/g.mdt"
same maps --format=table --at=100 "$WORK/g.mdt"
grep -q 'idx' "$WORK/err" && fail "a stale index was reported: $(cat "$WORK/err")"
cmp -s "$WORK/.a.mdt.idx" "$WORK/.g.mdt.idx" && fail "the stale index was kept"
echo "ok: foreign and stale indexes are rebuilt, not used"
