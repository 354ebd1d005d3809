#!/bin/sh
# usage.sh - capture and query --pid: --help prints the usage on stdout
# (exit 0); bad command lines are one-line usage errors (exit 2), checked
# before any process is looked at (pid 1 is never read here).
. "$(dirname "$0")/common.sh"
"$MDTRACE" capture --help >"$WORK/out" 2>"$WORK/err" || fail "capture --help failed"
grep -q '^usage: mdtrace capture --pid=PID ' "$WORK/out" && [ ! -s "$WORK/err" ] || fail "capture --help: $(cat "$WORK/out" "$WORK/err")"
"$MDTRACE" query --pid=1 --help >"$WORK/out" 2>"$WORK/err" || fail "query --pid --help failed"
grep -q '^usage: mdtrace query --pid=PID \[--json\] TOKEN$' "$WORK/out" || fail "query --pid --help: $(cat "$WORK/out")"
"$MDTRACE" --help | grep -q '^  capture --pid=PID ' || fail "mdtrace --help does not list capture"
# each: WORDS ARGS...
bad() {
	_w=$1
	shift
	"$MDTRACE" "$@" >"$WORK/out" 2>"$WORK/err"
	one_error $? 2 "$WORK/err" "$_w"
	[ ! -s "$WORK/out" ] || fail "output for a usage error: $(cat "$WORK/out")"
}
bad "capture: need --pid=PID" capture 0x1000 4096
bad "capture: bad --pid 'x'" capture --pid=x 0x1000 4096
bad "capture: need one or more ADDR LEN pairs" capture --pid=1 0x1000
bad "capture: bad length '0'" capture --pid=1 0x1000 0
bad "capture: range .* wraps" capture --pid=1 0xfffffffffffff000 1M
bad "capture: bad --direction 'up'" capture --pid=1 --direction=up 0x1000 4096
bad "query: with --pid, only --json may be given" query --pid=1 --at=end mdt1:x
bad "query: with --pid, give exactly one TOKEN" query --pid=1
echo "ok: --help and usage errors"
