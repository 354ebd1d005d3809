#!/bin/sh
# othertrace.sh - a token is bound to the trace it came from: another
# process's pid is refused, and so is the same pid once it has exec'd (a new
# image writes a new trace); both one line, exit 1.
. "$(dirname "$0")/common.sh"
start a
A=$PID
start b
B=$PID
TOKEN=$("$MDTRACE" capture --pid="$A" "$BLOCK" 4096 2>"$WORK/err") || fail "capture failed: $(cat "$WORK/err")"
"$MDTRACE" query --pid="$B" "$TOKEN" >/dev/null 2>"$WORK/err"
one_error $? 1 "$WORK/err" "captured in process $A, not in process $B"
"$MDTRACE" query --pid="$A" "$TOKEN" >/dev/null 2>"$WORK/err" || fail "the token does not work in its own process: $(cat "$WORK/err")"
tell a exec
wait_for "$WORK/a.status" '^ready ' 2
"$MDTRACE" query --pid="$A" "$TOKEN" >"$WORK/out" 2>"$WORK/err"
one_error $? 1 "$WORK/err" "the token comes from another trace than "
[ ! -s "$WORK/out" ] || fail "output for a refused token: $(cat "$WORK/out")"
echo "ok: refused in process $B and after exec in process $A"
