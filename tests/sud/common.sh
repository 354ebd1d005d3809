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
recorded() {
	_l=$(grep "^ADDR $2 " "$WORK/err") || fail "no ADDR line for $2"
	set -- "$1" $_l
	"$DUMP" "$1" | awk -v p=$(($4)) -v q=$(($5)) -v raw=$RF_RAW -v mm=$EV_MMAP \
		-v mr=$EV_MREMAP -v mu=$EV_MUNMAP -v tr=$RF_TRAPPED '
		/^#/ { next }
		int($3 / raw) % 2 != 1 || int($3 / tr) % 2 != 1 || $12 < 1 { next }
		$2 == mm && $11 == p { a = 1 }
		$2 == mr && $5 == p && $11 == q { b = 1 }
		$2 == mu && $5 == q + 4096 && $6 == 4096 { c = 1 }
		END { if (!(a && b && c)) { print "mmap", a + 0, "mremap", b + 0, "munmap", c + 0; exit 1 } }' ||
		fail "$3's inline calls are not all recorded as trapped calls with a stack"
	"$MDTRACE" events "$1" | grep -A1 "^[0-9]* .* mmap(NULL, 12288,.*\[trapped\]" | grep -q " in work" ||
		fail "the inline mmap's first frame is not in work()"
}
