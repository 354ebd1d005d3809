# common.sh - sourced by tests/writer/*.sh, which `make check` runs from the
# build directory.  MD_PRELOAD overrides the library.
. "$(dirname "$0")/../init.sh"
W=$PWD/tests/writer
need "$PRELOAD" "$W/walk" "$W/prog"

# walk FILE: seq TYPE tid err a0..a5 ret nframes extra_len flags, then "# end"
walk() {
	"$W/walk" "$1" || fail "cannot walk $1"
}

hdr() { # hdr FILE KEY
	"$W/walk" -h "$1" | sed -n "s/^$2=//p"
}

extra() { # extra FILE SEQ
	"$W/walk" -x "$2" "$1"
}

# done_pairs: the mmap/munmap pairs tests/writer/ring has finished, as it
# counts them in $WORK/count.
done_pairs() { od -An -tu8 -N8 "$WORK/count" 2>/dev/null | tr -d ' '; }

# pairs RECS MAIN HANDLER: RECS (walk's output) holds exactly MAIN mmap and
# munmap records of tests/writer/ring's main length (3 pages) and HANDLER
# of its signal handler's (5 pages)
pairs() {
	for _len in 0x3000:$2 0x5000:$3; do
		_l=${_len%:*} _want=${_len#*:}
		_mm=$(awk -v l=$_l '$2 == "MMAP" && $6 == l' "$1" | wc -l)
		_mu=$(awk -v l=$_l '$2 == "MUNMAP" && $6 == l' "$1" | wc -l)
		[ "$_mm" -eq "$_want" ] && [ "$_mu" -eq "$_want" ] ||
			fail "length $_l: $_mm mmap, $_mu munmap records for $_want pairs"
	done
}

# until_up WHAT TRIES CMD...: polls CMD every 50 ms until it succeeds;
# after TRIES, kills $pid and fails ("WHAT never ...")
until_up() {
	_what=$1 _tries=$2
	shift 2
	_i=0
	until "$@"; do
		_i=$((_i + 1))
		[ $_i -lt "$_tries" ] || { kill -9 $pid; fail "$_what"; }
		sleep 0.05
	done
}
