#!/bin/sh
# setuid.sh - a set-user-ID program is never traced.  The dynamic loader
# already ignores LD_PRELOAD paths with a slash in such a program, so the
# program loads the library itself, the way a preload from a system
# directory would arrive: run by another user it must not create a trace
# (the library would create it as root); run without the set-user-ID bit it
# must (so the check can see a trace when there is one).  Needs root.
. "$(dirname "$0")/common.sh"

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root to make a set-user-ID program"; exit 77; }
need_cmd setpriv
chmod 755 "$WORK"
cp "$PRELOAD" "$WORK/lib.so"
cp "$T/setuid" "$WORK/prog"
chmod 755 "$WORK/prog" "$WORK/lib.so"

MDTRACE_OUTPUT=$WORK/root.mdt "$WORK/prog" "$WORK/lib.so" >"$WORK/out0" || fail "run as root failed"
[ -s "$WORK/root.mdt" ] || fail "no trace without set-user-ID: the check below proves nothing"

chmod 4755 "$WORK/prog"
MDTRACE_OUTPUT=$WORK/suid.mdt setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$WORK/prog" "$WORK/lib.so" >"$WORK/out2" || fail "set-user-ID run failed"
grep -qx ok "$WORK/out2" || fail "set-user-ID program misbehaved"
ls "$WORK"/suid.mdt* >/dev/null 2>&1 && fail "a set-user-ID program was traced"
exit 0
