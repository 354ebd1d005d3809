# work.sh - sourced by tests/sud/common.sh and tests/ptrace/common.sh: the
# calls tests/sud/prog's work() makes with its own `syscall` instructions.

# work_recorded TRACE WHO ERRFILE FLAGS PATTERN: WHO's mmap, mremap and
# munmap (its "ADDR WHO P Q" line in ERRFILE) are in TRACE with a stack and
# with every record flag of the mask FLAGS, and the first frame of the
# mmap, whose `mdtrace events` line matches PATTERN, is in work().
work_recorded() {
	_t=$1 _who=$2 _f=$4 _pat=$5
	_l=$(grep "^ADDR $_who " "$3") || fail "no ADDR line for $_who"
	set -- $_l
	"$DUMP" "$_t" | awk -v p=$(($3)) -v q=$(($4)) -v f="$_f" -v mm=$EV_MMAP \
		-v mr=$EV_MREMAP -v mu=$EV_MUNMAP '
		function all(x, m,  b) {
			for (b = 1; b <= m; b *= 2)
				if (int(m / b) % 2 && !(int(x / b) % 2))
					return 0
			return 1
		}
		/^#/ || !all($3, f) || $12 < 1 { next }
		$2 == mm && $11 == p { a = 1 }
		$2 == mr && $5 == p && $11 == q { b = 1 }
		$2 == mu && $5 == q + 4096 && $6 == 4096 { c = 1 }
		END { if (!(a && b && c)) { print "mmap", a + 0, "mremap", b + 0, "munmap", c + 0; exit 1 } }' ||
		fail "$_who's calls are not all recorded with a stack (and flags $_f)"
	"$MDTRACE" events "$_t" | grep -A1 "^[0-9]* .* mmap(NULL, 12288,$_pat" | grep -q " in work" ||
		fail "the mmap's first frame is not in work()"
}
