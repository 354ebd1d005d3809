# common.sh - sourced by the tests/preload/*.sh scripts, which `make check`
# runs from the build directory.  MD_PRELOAD overrides the library.
. "$(dirname "$0")/../init.sh"
T=$PWD/tests/preload
need "$PRELOAD" "$T/trace_dump"

# dump NAME: the records of $WORK/NAME.mdt, one per line (see trace_dump.c):
#   seq type flags err a0 a1 a2 a3 a4 a5 ret nframes extra_len
dump() {
	"$T/trace_dump" "$WORK/$1.mdt" || fail "cannot read trace $1"
}

# Record types and flags, from events.def and format.h (EV_MMAP=2 ...).
eval "$("$T/trace_dump" --constants)" || fail "trace_dump --constants"
