# common.sh - sourced by the tests/events/*.sh scripts, which `make check`
# runs from the build directory: trace a copy of tests/events/prog (so the
# tests may rebuild or remove it) and find the marked source lines.
set -u
MDTRACE=$PWD/cli/mdtrace
SRC=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$MDTRACE" ] || [ ! -x "$PWD/tests/events/prog" ]; then
	echo "missing $MDTRACE or tests/events/prog (run from the build directory)"
	exit 99
fi
# A debuginfod server would only slow the tests down (libc has no DWARF here).
unset DEBUGINFOD_URLS
WORK=$(mktemp -d "${TMPDIR:-/tmp}/md-events.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

fail() {
	echo "FAIL: $*"
	exit 1
}

# line MARKER: the source line carrying /* EV:MARKER */
line() {
	_l=$(grep -n "EV:$1 " "$SRC/prog.c" | cut -d: -f1)
	[ -n "$_l" ] || fail "no marker EV:$1 in prog.c"
	echo "$_l"
}

# trace: run the copy $WORK/prog under mdtrace; its output in $WORK/out
# ("a 0x..." and "b 0x..."), the trace in $WORK/t.mdt.
trace() {
	cp "$PWD/tests/events/prog" "$WORK/prog" || fail "cannot copy prog"
	"$MDTRACE" run -o "$WORK/t.mdt" "$WORK/prog" >"$WORK/out" 2>"$WORK/run.err" ||
		fail "mdtrace run prog failed: $(cat "$WORK/run.err")"
	A=$(awk '$1 == "a" { print $2 }' "$WORK/out")
	B=$(awk '$1 == "b" { print $2 }' "$WORK/out")
	[ -n "$A" ] && [ -n "$B" ] || fail "prog printed no addresses"
}

# event CALL_PREFIX FILE: the lines of the first event whose call starts so
# (event line, then its frames) from text output in FILE.
event() {
	awk -v c="$1" '
		/^[0-9]/ { if (on) exit; on = index($0, "] " c) > 0 }
		on' "$2"
}
