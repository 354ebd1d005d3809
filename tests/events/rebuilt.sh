#!/bin/sh
# rebuilt.sh - after the traced binary is rebuilt from a changed source (a
# new build id), its frames show module+offset as recorded and a note says
# it was rebuilt, once; never a line of the new source.
. "$(dirname "$0")/common.sh"
CC=$(sed -n 's/^CC = //p' Makefile)
trace
"$MDTRACE" events "$WORK/t.mdt" >"$WORK/before" 2>/dev/null || fail "mdtrace events failed"
event "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = $B" "$WORK/before" >"$WORK/b0"
top=$(sed -n 's/^    #0 0x[0-9a-f]* \(prog+0x[0-9a-f]*\) in main at .*/\1/p' "$WORK/b0")
[ -n "$top" ] || fail "before the rebuild, main's mmap is not symbolized: $(cat "$WORK/b0")"

# Three lines more at the top: every marked line moves.
{ printf '/* rebuilt */\n\n\n'; cat "$SRC/prog.c"; } >"$WORK/prog2.c"
${CC:-cc} -g -o "$WORK/prog" "$WORK/prog2.c" || { echo "skip: cannot compile with ${CC:-cc}"; exit 77; }
"$MDTRACE" events "$WORK/t.mdt" >"$WORK/after" 2>"$WORK/err" || fail "mdtrace events failed after the rebuild"
event "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = $B" "$WORK/after" >"$WORK/b1"
grep -q "^    #0 0x[0-9a-f]* $top\$" "$WORK/b1" || fail "frame #0 is not '$top' alone: $(cat "$WORK/b1")"
grep -q " prog+0x[0-9a-f]* .* at " "$WORK/after" && fail "a frame of the rebuilt prog has a line: $(grep ' prog+0x[0-9a-f]* .* at ' "$WORK/after" | head -1)"
[ "$(grep -c "$WORK/prog was rebuilt since the trace" "$WORK/err")" = 1 ] ||
	fail "expected one 'rebuilt' note on stderr, got: $(cat "$WORK/err")"
echo "ok: rebuilt binary shows $top and a note"
