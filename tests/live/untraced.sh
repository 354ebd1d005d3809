#!/bin/sh
# untraced.sh - capture and query --pid refuse a process that is not traced
# (one line, exit 1).
. "$(dirname "$0")/common.sh"
start a
TOKEN=$("$MDTRACE" capture --pid="$PID" "$BLOCK" 4096 2>"$WORK/err") || fail "capture failed: $(cat "$WORK/err")"
sleep 30 &
other=$!
PIDS="$PIDS $other"
"$MDTRACE" capture --pid="$other" "$BLOCK" 4096 >/dev/null 2>"$WORK/err"
one_error $? 1 "$WORK/err" "process $other is not traced by mdtrace"
"$MDTRACE" query --pid="$other" "$TOKEN" >/dev/null 2>"$WORK/err"
one_error $? 1 "$WORK/err" "process $other is not traced by mdtrace"
echo "ok: capture and query: $(cat "$WORK/err")"
