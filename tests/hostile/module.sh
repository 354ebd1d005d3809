#!/bin/sh
# module.sh - a FIFO or a device at the path of a module record (where
# events reads the object's symbols) is not opened: the frames show
# module+offset with one warning, and the command ends (mdtrace(1), CALL
# STACKS).
. "$(dirname "$0")/common.sh"
cp "$PROG" "$WORK/prog" || fail "cp"
"$MDTRACE" run -o "$WORK/t.mdt" "$WORK/prog" 5 >/dev/null 2>"$WORK/run.err" ||
	fail "mdtrace run failed: $(cat "$WORK/run.err")"
rm "$WORK/prog"
mkfifo "$WORK/prog" || fail "mkfifo"
bounded "$MDTRACE" events "$WORK/t.mdt"
[ "$(cat "$WORK/rc")" -eq 0 ] || fail "events: exit $(cat "$WORK/rc"): $(cat "$WORK/e")"
grep -q "^mdtrace: warning: $WORK/prog: cannot read it (not a regular file): its frames show module+offset only\$" "$WORK/e" ||
	fail "no warning about the FIFO: $(cat "$WORK/e")"
grep -q ' prog+0x' "$WORK/o" || fail "no prog+offset frames: $(head "$WORK/o")"
echo "ok: $(grep prog "$WORK/e")"
