#!/bin/sh
# altered.sh - a well-formed token (correct check digest) whose fields were
# altered is refused against the live trace, one line, exit 1: another
# identity digest, a capture point the trace does not hold, and another
# range under the old digest.
. "$(dirname "$0")/common.sh"
start a
TOKEN=$("$MDTRACE" capture --pid="$PID" "$BLOCK" 4096 2>"$WORK/err") || fail "capture failed: $(cat "$WORK/err")"
# reseal TOKEN SED: the token without its check digest, edited, sealed again
reseal() {
	"$PROG" --seal "$(printf '%s' "$1" | sed 's/:[0-9a-f]*$//' | sed "$2")"
}
"$MDTRACE" query --pid="$PID" "$(reseal "$TOKEN" 's/$//')" >/dev/null 2>"$WORK/err" ||
	fail "a token resealed unchanged is refused: $(cat "$WORK/err")"
# fields: mdt1:PID:START:INO:RECORDS:SEQ:DIR:POLICY:RANGES:IDENT
"$MDTRACE" query --pid="$PID" "$(reseal "$TOKEN" 's/:[0-9a-f]*$/:0123456789abcdef/')" >/dev/null 2>"$WORK/err"
one_error $? 1 "$WORK/err" "the token's identities do not match .* at event [0-9]* (the token was altered)"
"$MDTRACE" query --pid="$PID" "$(reseal "$TOKEN" 's/^\(mdt1:[0-9]*:[0-9]*:[0-9a-f]*:\)[0-9]*:[0-9]*:/\199999:99999:/')" >/dev/null 2>"$WORK/err"
one_error $? 1 "$WORK/err" "does not hold the token's capture point (event 99999 after 99999 records)"
hole=$(printf '%s' "$HOLE" | sed 's/^0x//')
"$MDTRACE" query --pid="$PID" "$(reseal "$TOKEN" "s/:[0-9a-f]*+1000:/:$hole+1000:/")" >/dev/null 2>"$WORK/err"
one_error $? 1 "$WORK/err" "the token's identities do not match"
echo "ok: altered tokens are refused"
