#!/bin/sh
# frames_agree.sh - verify --pid on a memfd mapped twice at overlapping file
# offsets: the maps and the frames agree, and exactly the 4 pages seen at
# two addresses (file pages 2 and 3, at A+2 and at B) are compared as the
# same memory.
. "$(dirname "$0")/live.sh"
start
verify
need_frames
[ "$RC" -eq 0 ] || fail "verify --pid exited $RC: $(cat "$WORK/v" "$WORK/v.err")"
grep -q "^pid $PID: the table agrees with /proc/$PID/maps" "$WORK/v" ||
	fail "the maps do not agree: $(cat "$WORK/v")"
grep -Eq "^pid $PID: the frames agree with /proc/$PID/pagemap \([0-9]+ present pages, 4 of them the same memory as another\)\$" "$WORK/v" ||
	fail "not 4 pages compared as the same memory: $(cat "$WORK/v")"
echo "ok: $(tail -1 "$WORK/v")"
