# common.sh - sourced by the tests/live/*.sh scripts, which `make check`
# runs from the build directory: start tests/live/prog under `mdtrace run`
# and drive it through its command fifo (see prog.c).
. "$(dirname "$0")/../init.sh"
PROG=$PWD/tests/live/prog
need "$MDTRACE" "$PROG"
PIDS=
on_exit() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
}

# wait_for FILE PATTERN [N]: until FILE has N (default 1) lines matching.
wait_for() {
	_i=0
	while [ "$(grep -c "$2" "$1" 2>/dev/null)" -lt "${3:-1}" ]; do
		_i=$((_i + 1))
		[ $_i -le 100 ] || fail "timed out waiting for '$2' in $1: $(cat "$1" 2>/dev/null)"
		sleep 0.1
	done
}

# start NAME: run prog traced into $WORK/NAME.mdt; sets PID, BLOCK, HOLE.
start() {
	mkfifo "$WORK/$1.cmd" || fail "mkfifo"
	: >"$WORK/$1.status"
	"$MDTRACE" run -o "$WORK/$1.mdt" "$PROG" "$WORK/$1.cmd" "$WORK/$1.status" \
		>"$WORK/$1.out" 2>&1 &
	PIDS="$PIDS $!"
	wait_for "$WORK/$1.status" '^ready '
	set -- $(grep '^ready ' "$WORK/$1.status")
	PID=$2 BLOCK=$3 HOLE=$4
	PIDS="$PIDS $PID"
}

# tell NAME COMMAND: one command line to prog (fails rather than hang).
tell() {
	timeout 10 sh -c 'echo "$2" >"$1"' _ "$WORK/$1.cmd" "$2" || fail "prog $1 did not take '$2'"
}

# line MARKER: the line of prog.c carrying /* LIVE:MARKER */
line() {
	marker_line "LIVE:$1"
}

# one_error RC WANT FILE WORDS: the command's exit status RC is WANT, and
# FILE (its stderr) is one line "mdtrace: ..." containing WORDS.
one_error() {
	[ "$1" -eq "$2" ] || fail "expected exit $2, got $1: $(cat "$3")"
	[ "$(wc -l <"$3")" -eq 1 ] || fail "expected one line on stderr, got: $(cat "$3")"
	grep -q "^mdtrace: .*$4" "$3" || fail "expected '$4' on stderr, got: $(cat "$3")"
}
