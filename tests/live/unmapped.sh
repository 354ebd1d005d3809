#!/bin/sh
# unmapped.sh - a token for a range with nothing mapped at the capture is
# judged null (bad original); capture says so on stderr but still prints
# the token.
. "$(dirname "$0")/common.sh"
start a
TOKEN=$("$MDTRACE" capture --pid="$PID" "$HOLE" 4096 2>"$WORK/err") ||
	fail "capture failed: $(cat "$WORK/err")"
grep -q "warning: $HOLE-0x[0-9a-f]* is not mapped at event [0-9]*: the descriptor is null" "$WORK/err" ||
	fail "capture did not warn about the hole: $(cat "$WORK/err")"
"$MDTRACE" query --pid="$PID" "$TOKEN" >"$WORK/q" 2>"$WORK/err" || fail "query failed: $(cat "$WORK/err")"
head -1 "$WORK/q" | grep -q "^null bad original: $HOLE-0x[0-9a-f]* was not mapped at capture\$" ||
	fail "expected null (bad original): $(cat "$WORK/q")"
echo "ok: $(head -1 "$WORK/q")"
