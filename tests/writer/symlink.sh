#!/bin/sh
# (f) a trace path that is a symlink is refused (O_NOFOLLOW|O_EXCL): one
# line on stderr, nothing written through the link, the program unchanged.
. "$(dirname "$0")/common.sh"
ln -s "$WORK/target" "$WORK/s.mdt"
preloaded s "$W/prog" plain > "$WORK/out" 2> "$WORK/err"
rc=$?
[ $rc -eq 0 ] || fail "exit status $rc"
[ "$(cat "$WORK/out")" = hello ] || fail "stdout changed"
[ "$(wc -l < "$WORK/err")" -eq 1 ] || fail "expected one line on stderr, got: $(cat "$WORK/err")"
grep -q mdtrace "$WORK/err" || fail "stderr line does not name mdtrace"
[ ! -e "$WORK/target" ] || fail "the symlink was followed"
[ -L "$WORK/s.mdt" ] || fail "the symlink was replaced"
[ "$(ls "$WORK" | grep -c mdt)" -eq 1 ] || fail "some other trace was written: $(ls "$WORK")"
exit 0
