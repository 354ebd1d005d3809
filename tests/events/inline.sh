#!/bin/sh
# inline.sh - a frame in code inlined into another function names the
# inlined function and its line, then the function it was inlined into and
# the line of the inlined call (text and JSON).
. "$(dirname "$0")/common.sh"
trace
"$MDTRACE" events "$WORK/t.mdt" >"$WORK/ev" 2>"$WORK/err" || fail "mdtrace events failed: $(cat "$WORK/err")"
event "mmap(NULL, 20480, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x" "$WORK/ev" >"$WORK/c"
[ -s "$WORK/c" ] || fail "no event for the inlined mmap"
grep -Eq "^    #0 0x[0-9a-f]+ prog\+0x[0-9a-f]+ in map_inline at [^ ]*/prog\.c:$(line inline-mmap), inlined in main at [^ ]*/prog\.c:$(line call-inline)\$" "$WORK/c" ||
	fail "inlined mmap: frame #0 is not map_inline at prog.c:$(line inline-mmap) inlined in main at prog.c:$(line call-inline): $(cat "$WORK/c")"

"$MDTRACE" events --json "$WORK/t.mdt" >"$WORK/json" 2>"$WORK/err" || fail "events --json failed: $(cat "$WORK/err")"
grep '"len":"\{0,1\}20480' "$WORK/json" >"$WORK/cj" || grep '20480' "$WORK/json" >"$WORK/cj"
grep -q "\"function\":\"map_inline\",\"file\":\"[^\"]*/prog\.c\",\"line\":$(line inline-mmap),\"inlined\":\[{\"function\":\"main\",\"file\":\"[^\"]*/prog\.c\",\"line\":$(line call-inline)}\]}" "$WORK/cj" ||
	fail "inlined mmap in JSON lacks its inlined-in chain: $(head -c 600 "$WORK/cj")"
echo "ok: inlined frames"
