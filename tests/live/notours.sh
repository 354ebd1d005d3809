#!/bin/sh
# notours.sh - capture and query --pid refuse a process of another user,
# whoever runs them (root too): one line, exit 1.  As root the other user's
# process is a sleep run as nobody (setpriv); otherwise it is pid 1.
. "$(dirname "$0")/common.sh"
start a
TOKEN=$("$MDTRACE" capture --pid="$PID" "$BLOCK" 4096 2>"$WORK/err") || fail "capture failed: $(cat "$WORK/err")"
if [ "$(id -u)" -eq 0 ]; then
	need_cmd setpriv "root without setpriv cannot start another user's process"
	setpriv --reuid=65534 --regid=65534 --clear-groups sleep 30 &
	other=$!
	PIDS="$PIDS $other"
	i=0
	while [ "$(stat -c %u /proc/$other 2>/dev/null)" != 65534 ]; do
		i=$((i + 1))
		[ $i -le 100 ] || fail "the nobody process did not start"
		sleep 0.1
	done
else
	other=1
	[ "$(stat -c %u /proc/1)" != "$(id -u)" ] || { echo "skip: pid 1 is ours"; exit 77; }
fi
"$MDTRACE" capture --pid="$other" 0x10000 4096 >/dev/null 2>"$WORK/err"
one_error $? 1 "$WORK/err" "process $other is not yours"
"$MDTRACE" query --pid="$other" "$TOKEN" >/dev/null 2>"$WORK/err"
one_error $? 1 "$WORK/err" "process $other is not yours"
echo "ok: capture and query: $(cat "$WORK/err")"
