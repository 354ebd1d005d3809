# common.sh - sourced by tests/ptrace/*.sh: programs under the ptrace
# backend (`mdtrace run --backend=ptrace`, mdtrace(1), BACKENDS), checked
# against a plain run and against the kernel's maps at exit.
. "$(dirname "$0")/../init.sh"
P=$PWD/tests/sud/prog
DUMP=$PWD/tests/preload/trace_dump
need "$MDTRACE" "$P" "$DUMP"
eval "$("$DUMP" --constants)" || fail "trace_dump --constants"

# traced NAME PROG [ARG...]: PROG under the ptrace backend, its traces
# $WORK/NAME.mdt*, mdtrace's own lines in $WORK/NAME.err.
traced() {
	_n=$1
	shift
	"$MDTRACE" run --backend=ptrace -o "$WORK/$_n.mdt" -- "$@" 2>"$WORK/$_n.err"
}

# both NAME PROG [ARG...]: the same standard output and exit status plain
# and traced; the program's standard error, less mdtrace's lines, too.
both() {
	_n=$1
	shift
	"$@" >"$WORK/$_n.plain" 2>"$WORK/$_n.plainerr"
	_a=$?
	traced "$_n" "$@" >"$WORK/$_n.out"
	_b=$?
	[ "$_a" = "$_b" ] || fail "$_n: exit $_a plain, $_b under mdtrace: $(cat "$WORK/$_n.err")"
	diff -u "$WORK/$_n.plain" "$WORK/$_n.out" || fail "$_n: output differs under mdtrace"
	grep -q "(backend ptrace)" "$WORK/$_n.err" || fail "$_n: the summary does not name the backend"
	grep -v '^mdtrace:' "$WORK/$_n.err" | grep -v '^ADDR ' >"$WORK/$_n.err2"
	grep -v '^ADDR ' "$WORK/$_n.plainerr" | diff -u - "$WORK/$_n.err2" ||
		fail "$_n: standard error differs under mdtrace"
}

# agree NAME [COUNT]: COUNT traces of run NAME (default 1) agree with the
# kernel at their exit; none differs; the others were replaced by exec.
agree() {
	"$MDTRACE" verify "$WORK/$1".mdt* >"$WORK/$1.verify" 2>&1 || fail "$(cat "$WORK/$1.verify")"
	_k=$(grep -c "agrees with the kernel at 1 snapshot" "$WORK/$1.verify")
	[ "$_k" = "${2:-1}" ] || fail "$1: $_k traces agree, not ${2:-1}: $(cat "$WORK/$1.verify")"
	! grep -v -e "agrees with the kernel" -e "replaced by exec" "$WORK/$1.verify" ||
		fail "$1: some trace neither agrees nor was replaced by exec"
}

# recorded TRACE WHO: WHO's mmap, mremap and munmap (its ADDR line on
# prog's stderr, in $WORK/NAME.err) are in TRACE with a stack whose first
# frame is in prog's work().
. "$SRC/../sud/work.sh"
recorded() {
	work_recorded "$1" "$2" "${1%.mdt*}.err" 0 ''
}
