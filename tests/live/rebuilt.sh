#!/bin/sh
# rebuilt.sh - a token captured in a running process is reused right after
# the capture and rebuilt once the process has unmapped the block and mapped
# new memory at the same address; the query lists the munmap and the mmap
# with their stacks (main's calls at their lines in prog.c) and names the
# mmap as the deciding event.
. "$(dirname "$0")/common.sh"
start a
TOKEN=$("$MDTRACE" capture --pid="$PID" "$BLOCK" 64k 2>"$WORK/err") ||
	fail "capture failed: $(cat "$WORK/err")"
"$MDTRACE" query --pid="$PID" "$TOKEN" >"$WORK/q1" 2>"$WORK/err" || fail "query failed: $(cat "$WORK/err")"
head -1 "$WORK/q1" | grep -q '^reused ' || fail "expected reused right after the capture: $(cat "$WORK/q1")"
grep -q 'no event since the capture touched the ranges' "$WORK/q1" || fail "events listed before any change: $(cat "$WORK/q1")"
tell a remap
wait_for "$WORK/a.status" '^remapped '
"$MDTRACE" query --pid="$PID" "$TOKEN" >"$WORK/q2" 2>"$WORK/err" || fail "query failed: $(cat "$WORK/err")"
head -1 "$WORK/q2" | grep -q '^rebuilt ' || fail "expected rebuilt after the remap: $(cat "$WORK/q2")"
grep -q "^  2 events since the capture touched the ranges; event [0-9]* decided the verdict:\$" "$WORK/q2" ||
	fail "expected the two events and the deciding one: $(cat "$WORK/q2")"
unmap=$(grep -n "^  event [0-9]*, thread [0-9]*: munmap($BLOCK, 65536) = 0\$" "$WORK/q2" | cut -d: -f1)
remap=$(grep -n "^  event [0-9]*, thread [0-9]*: mmap($BLOCK, 65536, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|MAP_ANONYMOUS, -1, 0) = $BLOCK\$" "$WORK/q2" | cut -d: -f1)
[ -n "$unmap" ] && [ -n "$remap" ] && [ "$unmap" -lt "$remap" ] ||
	fail "the munmap and then the mmap are not listed: $(cat "$WORK/q2")"
ev=$(sed -n "${remap}p" "$WORK/q2" | sed 's/^  event \([0-9]*\),.*/\1/')
grep -q "decided the verdict" "$WORK/q2" && grep -q "; event $ev decided the verdict:" "$WORK/q2" ||
	fail "the deciding event is not the mmap (event $ev): $(cat "$WORK/q2")"
grep -q "set by event $ev\$" "$WORK/q2" || fail "the reason does not name event $ev: $(head -1 "$WORK/q2")"
for m in unmap remap; do
	grep -Eq "^    #[0-9]+ 0x[0-9a-f]+ prog\+0x[0-9a-f]+ in remap at [^ ]*/prog\.c:$(line $m)\$" "$WORK/q2" ||
		fail "no frame in remap at prog.c:$(line $m): $(cat "$WORK/q2")"
done
echo "ok: reused after the capture, rebuilt by event $ev after the remap"
