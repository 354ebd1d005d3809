#!/bin/sh
# range.sh - --range=ADDR:LEN keeps exactly the events that changed a page
# of the range: for the helper's first page, its mmap and the munmap of
# that page; not main's mmap of another page.
. "$(dirname "$0")/common.sh"
trace
"$MDTRACE" events --range="$A:4k" "$WORK/t.mdt" >"$WORK/ev" 2>"$WORK/err" ||
	fail "mdtrace events --range failed: $(cat "$WORK/err")"
grep '^[0-9]' "$WORK/ev" >"$WORK/lines"
n=$(wc -l <"$WORK/lines")
[ "$n" = 2 ] || fail "expected 2 events touching $A:4k, got $n: $(cat "$WORK/lines")"
grep -q "] mmap(NULL, 12288, .* = $A\$" "$WORK/lines" || fail "the helper's mmap is missing: $(cat "$WORK/lines")"
grep -q "] munmap($A, 4096) = 0\$" "$WORK/lines" || fail "the munmap of $A is missing: $(cat "$WORK/lines")"
grep -q "= $B\$" "$WORK/lines" && fail "main's mmap of $B is listed"
# the frames still follow each kept event
grep -q "^    #0 .* in main at [^ ]*/prog\.c:$(line main-munmap)\$" "$WORK/ev" || fail "the munmap lost its stack"

# a range nothing touched: no events
"$MDTRACE" events --range=0x1000:4096 "$WORK/t.mdt" >"$WORK/none" || fail "events --range=0x1000:4096 failed"
[ -s "$WORK/none" ] && fail "events listed for a range nothing touched: $(head -3 "$WORK/none")"
echo "ok: --range keeps the 2 events touching $A:4k"
