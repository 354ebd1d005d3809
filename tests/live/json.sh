#!/bin/sh
# json.sh - capture --json and query --pid --json: one line each; capture
# gives the same token as its text output would and the block's identity;
# after a remap, query gives rebuilt with the deciding event and both events.
. "$(dirname "$0")/common.sh"
start a
"$MDTRACE" capture --json --pid="$PID" "$BLOCK" 64k >"$WORK/c" 2>"$WORK/err" || fail "capture failed: $(cat "$WORK/err")"
[ "$(wc -l <"$WORK/c")" -eq 1 ] || fail "capture --json is not one line: $(cat "$WORK/c")"
TOKEN=$(sed -n 's/^{"token":"\(mdt1:[^"]*\)","pid":'"$PID"',"trace":"[^"]*a\.mdt","at":[0-9]*,"segments":\[.*\]}$/\1/p' "$WORK/c")
[ -n "$TOKEN" ] || fail "capture --json has not the expected members: $(cat "$WORK/c")"
grep -q '"segments":\[{"start":"'"$BLOCK"'","end":"0x[0-9a-f]*","obj":[1-9][0-9]*,"off":"0x0","prot":3,"ev":[0-9]*}\]' "$WORK/c" ||
	fail "capture --json has not the block's one segment: $(cat "$WORK/c")"
tell a remap
wait_for "$WORK/a.status" '^remapped '
"$MDTRACE" query --json --pid="$PID" "$TOKEN" >"$WORK/q" 2>"$WORK/err" || fail "query failed: $(cat "$WORK/err")"
[ "$(wc -l <"$WORK/q")" -eq 1 ] || fail "query --json is not one line: $(cat "$WORK/q")"
grep -q '^{"verdict":"rebuilt","reason":"[^"]*","reason_code":"backing changed","pid":'"$PID"',' "$WORK/q" ||
	fail "query --json: not rebuilt: $(cat "$WORK/q")"
ev=$(sed -n 's/.*"decided_by":\([0-9]*\),.*/\1/p' "$WORK/q")
[ -n "$ev" ] || fail "query --json: no deciding event: $(cat "$WORK/q")"
grep -q '"events_total":2,"events":\[{"seq":[0-9]*,"tid":[0-9]*,"call":"munmap('"$BLOCK"', 65536) = 0","stack":\["[^]]*\]},{"seq":'"$ev"',"tid":[0-9]*,"call":"mmap('"$BLOCK"', [^"]*","stack":\["[^]]*\]}\]}$' "$WORK/q" ||
	fail "query --json: not the munmap then the deciding mmap: $(cat "$WORK/q")"
echo "ok: capture --json and query --json (rebuilt by event $ev)"
