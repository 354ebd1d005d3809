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
