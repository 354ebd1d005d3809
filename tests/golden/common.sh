# common.sh - sourced by the golden tests (tests/golden/*.sh), which `make
# check` runs from the build directory: trace tests/golden/prog, run one
# mdtrace command on the trace, normalise its output (normalize.awk) and
# compare it with the committed NAME.expected.  Every line of an expected
# file is explained by prog.c: a change in the output is a failure.
. "$(dirname "$0")/../init.sh"
PROG=$PWD/tests/golden/prog
need "$MDTRACE" "$PROG"

# The trace is t.mdt in $WORK (the commands run there, so its name is
# stable); BASE is the event number of prog's first mark.
cd "$WORK" || fail "no $WORK"
"$MDTRACE" run --stacks=8 -o t.mdt "$PROG" >out 2>run.err ||
	fail "mdtrace run prog failed: $(cat run.err)"
BASE=$("$MDTRACE" events --from=mark:begin --at=mark:begin t.mdt | awk 'NR == 1 { print $1 }')
[ -n "$BASE" ] || fail "no mark \"begin\" in the trace"

# golden NAME ARG...: `mdtrace ARG...` must print NAME.expected, normalised.
golden() {
	_name=$1
	shift
	"$MDTRACE" "$@" >raw 2>err || fail "mdtrace $* failed: $(cat err)"
	[ -s err ] && fail "mdtrace $* printed on stderr: $(cat err)"
	awk -v base="$BASE" -f "$SRC/normalize.awk" raw >got || fail "normalize.awk failed"
	diff -u "$SRC/$_name.expected" got || fail "mdtrace $*: output differs from $_name.expected"
	echo "ok: mdtrace $*"
}
