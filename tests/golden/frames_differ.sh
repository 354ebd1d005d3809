#!/bin/sh
# frames_differ.sh - a shared anonymous mapping S mapped again over Q by a
# system call the library does not see (an inline `syscall` with syscall
# user dispatch off): /proc/PID/maps cannot tell (a shared anonymous inode
# is not recorded), the frames can: verify --pid names the pair S, Q and
# exits 1.
. "$(dirname "$0")/live.sh"
MDTRACE_SUD=off
export MDTRACE_SUD
start alias
verify
need_frames
S=$(echo "$WORDS" | awk '{ print $6 }')
Q=$(echo "$WORDS" | awk '{ print $7 }')
[ "$RC" -eq 1 ] || fail "verify --pid exited $RC, not 1: $(cat "$WORK/v" "$WORK/v.err")"
grep -q "^pid $PID: the table agrees with /proc/$PID/maps" "$WORK/v" ||
	fail "the maps should agree: $(cat "$WORK/v")"
# the lower address first, two pages each
if [ $((S)) -lt $((Q)) ]; then LO=$((S)) HI=$((Q)); else LO=$((Q)) HI=$((S)); fi
PAIR=$(printf 'frames differ: %#x-%#x and %#x-%#x' $LO $((LO + 8192)) $HI $((HI + 8192)))
[ "$(grep -c '^frames differ' "$WORK/v")" -eq 1 ] || fail "not one differing pair: $(cat "$WORK/v")"
grep -qx "$PAIR" "$WORK/v" || fail "expected '$PAIR': $(cat "$WORK/v")"
grep -Eqx '    table:  different memory \(object [0-9]+\+0x0, object [0-9]+\+0x0\)' "$WORK/v" ||
	fail "no table line: $(cat "$WORK/v")"
grep -qx '    kernel: the same frames' "$WORK/v" || fail "no kernel line: $(cat "$WORK/v")"
grep -qx "pid $PID: the frames differ from /proc/$PID/pagemap at 1 range pair" "$WORK/v" ||
	fail "no summary: $(cat "$WORK/v")"
echo "ok: $PAIR"
