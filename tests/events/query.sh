#!/bin/sh
# query.sh - `mdtrace query` shows the deciding event's stack symbolized
# too: the helper's first page, unmapped in main, is null because of that
# munmap, at its line in prog.c.
. "$(dirname "$0")/common.sh"
trace
"$MDTRACE" query "$WORK/t.mdt" "$A" 4096 >"$WORK/q" 2>"$WORK/err" || fail "mdtrace query failed: $(cat "$WORK/err")"
head -1 "$WORK/q" | grep -q '^null ' || fail "expected null: $(cat "$WORK/q")"
grep -q "munmap($A, 4096) = 0\$" "$WORK/q" || fail "the deciding event is not the munmap: $(cat "$WORK/q")"
grep -Eq "^    #0 0x[0-9a-f]+ prog\+0x[0-9a-f]+ in main at [^ ]*/prog\.c:$(line main-munmap)\$" "$WORK/q" ||
	fail "the munmap's frame #0 is not main at prog.c:$(line main-munmap): $(cat "$WORK/q")"
echo "ok: query shows main at prog.c:$(line main-munmap)"
