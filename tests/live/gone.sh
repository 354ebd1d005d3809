#!/bin/sh
# gone.sh - a pid with no process, and a traced process that has exited
# since its token was captured, are one-line errors (exit 1).
. "$(dirname "$0")/common.sh"
start a
TOKEN=$("$MDTRACE" capture --pid="$PID" "$BLOCK" 4096 2>"$WORK/err") || fail "capture failed: $(cat "$WORK/err")"
gone=2147483600
"$MDTRACE" capture --pid=$gone "$BLOCK" 4096 >/dev/null 2>"$WORK/err"
one_error $? 1 "$WORK/err" "no process $gone"
tell a exit
wait_for "$WORK/a.status" '^bye'
i=0
while kill -0 "$PID" 2>/dev/null; do
	i=$((i + 1))
	[ $i -le 100 ] || fail "prog did not exit"
	sleep 0.1
done
"$MDTRACE" query --pid="$PID" "$TOKEN" >/dev/null 2>"$WORK/err"
one_error $? 1 "$WORK/err" "no process $PID"
echo "ok: a missing pid and an exited process are one-line errors"
