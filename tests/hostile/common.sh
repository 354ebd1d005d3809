# common.sh - sourced by the tests/hostile/*.sh scripts, which `make check`
# runs from the build directory: input another user (or a damaged disk)
# may hand the reader.  Every command must end, with one error line and
# status 1 or one warning, never hang or die of a signal.
. "$(dirname "$0")/../init.sh"
PROG=$PWD/tests/checkpoint/prog
FORGE=$PWD/tests/checkpoint/forge
need "$MDTRACE" "$PROG" "$FORGE"
unset MDTRACE_NO_INDEX MDTRACE_INDEX_EVERY

# record NAME [ITERATIONS]: $WORK/NAME.mdt of tests/checkpoint/prog; sets A
# (a range it maps).
record() {
	"$MDTRACE" run -o "$WORK/$1.mdt" "$PROG" "${2:-50}" >"$WORK/$1.out" 2>"$WORK/$1.err" ||
		fail "mdtrace run prog failed: $(cat "$WORK/$1.err")"
	A=$(awk '$1 == "a" { print $2 }' "$WORK/$1.out")
	[ -n "$A" ] || fail "prog printed no address"
}

# bounded RC_FILE CMD...: CMD with its output in $WORK/o and $WORK/e and
# its status in $WORK/rc; a command still running after 20 s hangs.
bounded() {
	timeout -s KILL 20 "$@" >"$WORK/o" 2>"$WORK/e"
	echo $? >"$WORK/rc"
	[ "$(cat "$WORK/rc")" -ne 137 ] || fail "$* hangs: $(cat "$WORK/e")"
}

# one_line RC WORDS: the last bounded command exited RC with one line
# "mdtrace: ..." holding WORDS on stderr.
one_line() {
	[ "$(cat "$WORK/rc")" -eq "$1" ] || fail "exit $(cat "$WORK/rc"), want $1: $(cat "$WORK/e")"
	[ "$(wc -l <"$WORK/e")" -eq 1 ] || fail "stderr is not one line: $(cat "$WORK/e")"
	grep -q "^mdtrace: .*$2" "$WORK/e" || fail "want '$2' on stderr: $(cat "$WORK/e")"
}

# set_parent TRACE PATH SEQ: the header's parent_trace and parent_seq.
set_parent() {
	python3 - "$@" <<'PY' || fail "cannot set the parent of $1"
import struct, sys
t, path, seq = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3])
with open(t, "r+b") as f:
    f.seek(56); f.write(struct.pack("<Q", seq))
    f.seek(96); f.write(path + b"\0" * (1024 - len(path)))
PY
}
