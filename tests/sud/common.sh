# common.sh - sourced by tests/sud/*.sh: tests/sud/prog makes mapping
# changes with its own `syscall` instructions; syscall user dispatch
# (lib/preload/sud.c) must see each, in every thread and child, without
# changing what the program does.
. "$(dirname "$0")/../init.sh"
P=$PWD/tests/sud/prog
DUMP=$PWD/tests/preload/trace_dump
need "$PRELOAD" "$P" "$DUMP"
eval "$("$DUMP" --constants)" || fail "trace_dump --constants"

# A kernel without syscall user dispatch (before 5.11) is a kernel feature
# missing, not a failure: the library says so in a blind record.
preloaded probe /bin/true 2>/dev/null
if "$MDTRACE" events "$WORK/probe.mdt" 2>/dev/null | grep -q 'syscall user dispatch is not available'; then
	echo "SKIP: the kernel has no syscall user dispatch (Linux 5.11+)"
	exit 77
fi

# both MODE: prog MODE plain and under the library (trace $WORK/t.mdt*);
# the same standard output and exit status.
both() {
	"$P" "$1" >"$WORK/plain" 2>/dev/null
	_a=$?
	preloaded t "$P" "$1" >"$WORK/pre" 2>"$WORK/err"
	_b=$?
	[ "$_a" = "$_b" ] || fail "$1: exit $_a plain, $_b under mdtrace"
	diff -u "$WORK/plain" "$WORK/pre" || fail "$1: output differs under mdtrace"
}

# agrees TRACE: the table replayed from TRACE is the kernel's at exit.
agrees() {
	"$MDTRACE" verify "$1" >"$WORK/verify" 2>&1 || fail "$(cat "$WORK/verify")"
	grep -q "agrees with the kernel at 1 snapshot" "$WORK/verify" || fail "$(cat "$WORK/verify")"
}

# recorded TRACE WHO: WHO's mmap, mremap and munmap (ADDR line of prog's
# stderr) are in TRACE, as trapped raw calls with a stack starting in prog's
# work().
. "$SRC/work.sh"
recorded() {
	work_recorded "$1" "$2" "$WORK/err" $((RF_RAW + RF_TRAPPED)) '.*\[trapped\]'
}
