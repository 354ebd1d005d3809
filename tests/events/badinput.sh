#!/bin/sh
# badinput.sh - bad options and arguments: one line on stderr, nothing on
# stdout, exit 2 (usage) or 1 (runtime).
. "$(dirname "$0")/common.sh"
trace
try() { # want_status args...
	want=$1
	shift
	"$MDTRACE" events "$@" >"$WORK/o" 2>"$WORK/e"
	st=$?
	[ $st = "$want" ] || fail "events $*: exit $st, want $want"
	[ -s "$WORK/o" ] && fail "events $*: wrote to stdout"
	[ "$(wc -l <"$WORK/e")" = 1 ] || fail "events $*: stderr is not one line: $(cat "$WORK/e")"
	grep -q '^mdtrace: ' "$WORK/e" || fail "events $*: stderr: $(cat "$WORK/e")"
	echo "ok: events $* -> $want: $(cat "$WORK/e")"
}
try 2 --bogus "$WORK/t.mdt"
try 2
try 2 "$WORK/t.mdt" "$WORK/t.mdt"
try 2 --range=0x1000 "$WORK/t.mdt"
try 2 --range=0x1000:0 "$WORK/t.mdt"
try 2 --range=zz:4k "$WORK/t.mdt"
try 2 --range=0xfffffffffffff000:8k "$WORK/t.mdt"
try 2 --from=nowhere "$WORK/t.mdt"
try 1 "$WORK/missing.mdt"
try 1 --at=mark:nosuchmark "$WORK/t.mdt"
try 1 --from=end --at=start "$WORK/t.mdt"
printf 'not a trace' >"$WORK/junk.mdt"
try 1 "$WORK/junk.mdt"
