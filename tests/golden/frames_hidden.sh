#!/bin/sh
# frames_hidden.sh - without CAP_SYS_ADMIN the frame numbers read as zero:
# verify --pid says so and still exits 0 when the maps agree.
. "$(dirname "$0")/live.sh"
start
if [ "$(id -u)" -eq 0 ]; then
	need_cmd setpriv "root without setpriv"
	verify setpriv --bounding-set -sys_admin --inh-caps -sys_admin --
else
	verify
fi
[ "$RC" -eq 0 ] || fail "verify --pid exited $RC: $(cat "$WORK/v" "$WORK/v.err")"
grep -qx "pid $PID: frames: not readable (needs CAP_SYS_ADMIN)" "$WORK/v" ||
	fail "frames not said to be unreadable: $(cat "$WORK/v")"
echo "ok: $(tail -1 "$WORK/v")"
