# common.sh - sourced by the tests/events/*.sh scripts, which `make check`
# runs from the build directory: trace a copy of tests/events/prog (so the
# tests may rebuild or remove it) and find the marked source lines.
. "$(dirname "$0")/../init.sh"
need "$MDTRACE" "$PWD/tests/events/prog"

# line MARKER: the source line carrying /* EV:MARKER */
line() {
	marker_line "EV:$1"
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
