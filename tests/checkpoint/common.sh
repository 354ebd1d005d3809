# common.sh - sourced by the tests/checkpoint/*.sh scripts (run from the
# build directory): record traces of tests/checkpoint/prog and compare
# answers made with the trace index to answers made without it.
. "$(dirname "$0")/../init.sh"
PROG=$PWD/tests/checkpoint/prog
need "$MDTRACE" "$PROG"
# small intervals, so that a small trace has many checkpoints
MDTRACE_INDEX_EVERY=37
export MDTRACE_INDEX_EVERY
unset MDTRACE_NO_INDEX

# record NAME ITERATIONS: $WORK/NAME.mdt (and its index $WORK/.NAME.mdt.idx,
# written by run); sets
# A (the range prog remaps) and EVENTS (the last event number).
record() {
	"$MDTRACE" run -o "$WORK/$1.mdt" "$PROG" "$2" >"$WORK/$1.out" 2>"$WORK/$1.err" ||
		fail "mdtrace run prog failed: $(cat "$WORK/$1.err")"
	A=$(awk '$1 == "a" { print $2 }' "$WORK/$1.out")
	EVENTS=$(sed -n 's/^mdtrace: \([0-9]*\) events,.*/\1/p' "$WORK/$1.err")
	[ -n "$A" ] && [ -n "$EVENTS" ] || fail "no address or event count: $(cat "$WORK/$1.out" "$WORK/$1.err")"
}

# same ARGS...: mdtrace ARGS gives the same output with and without the
# index; the indexed run's stderr is left in $WORK/err.
same() {
	"$MDTRACE" "$@" >"$WORK/with" 2>"$WORK/err"
	a=$?
	MDTRACE_NO_INDEX=1 "$MDTRACE" "$@" >"$WORK/without" 2>"$WORK/err0"
	b=$?
	[ $a -eq $b ] || fail "mdtrace $*: exit $a with the index, $b without"
	cmp -s "$WORK/with" "$WORK/without" ||
		fail "mdtrace $*: differs with the index: $(diff "$WORK/without" "$WORK/with" | head -20)"
}
