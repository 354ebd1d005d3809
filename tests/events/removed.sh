#!/bin/sh
# removed.sh - after the traced binary is removed, its frames show
# module+offset as recorded and a note says so, once.
. "$(dirname "$0")/common.sh"
trace
"$MDTRACE" events "$WORK/t.mdt" >"$WORK/before" 2>/dev/null || fail "mdtrace events failed"
event "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = $B" "$WORK/before" >"$WORK/b0"
top=$(sed -n 's/^    #0 0x[0-9a-f]* \(prog+0x[0-9a-f]*\) in main at .*/\1/p' "$WORK/b0")
[ -n "$top" ] || fail "before the removal, main's mmap is not symbolized: $(cat "$WORK/b0")"
rm -f "$WORK/prog"
"$MDTRACE" events "$WORK/t.mdt" >"$WORK/after" 2>"$WORK/err" || fail "mdtrace events failed after the removal"
event "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = $B" "$WORK/after" >"$WORK/b1"
grep -q "^    #0 0x[0-9a-f]* $top\$" "$WORK/b1" || fail "frame #0 is not '$top' alone: $(cat "$WORK/b1")"
grep -q " prog+0x[0-9a-f]* in " "$WORK/after" && fail "a frame of the removed prog has a name"
[ "$(grep -c "$WORK/prog was removed since the trace" "$WORK/err")" = 1 ] ||
	fail "expected one 'removed' note on stderr, got: $(cat "$WORK/err")"
echo "ok: removed binary shows $top and a note"
