#!/bin/sh
# owner.sh - the parent trace named in the header of another user's trace
# is not followed, whoever reads it (root too): that user could name any
# file there (mdtrace-trace(5), READING).  Needs root, to give a trace to
# another user.
. "$(dirname "$0")/common.sh"
need_cmd python3
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root to give a trace to another user"; exit 77; }
record p
record t
set_parent "$WORK/t.mdt" "$WORK/p.mdt" 5
bounded "$MDTRACE" maps "$WORK/t.mdt"
grep -q "parent" "$WORK/e" && fail "our own trace's parent was not followed: $(cat "$WORK/e")"
chown 65534 "$WORK/t.mdt" || fail "chown"
bounded "$MDTRACE" maps "$WORK/t.mdt"
[ "$(cat "$WORK/rc")" -eq 0 ] || fail "maps: exit $(cat "$WORK/rc"): $(cat "$WORK/e")"
grep -q "^mdtrace: .*t\.mdt: parent trace unavailable (not followed: the trace belongs to uid 65534)" "$WORK/e" ||
	fail "the parent of another user's trace: $(cat "$WORK/e")"
echo "ok: $(head -1 "$WORK/e")"
