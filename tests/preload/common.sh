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

# Record types and flags (lib/trace/format.h).
EV_MMAP=2 EV_MUNMAP=3 EV_MREMAP=4 EV_MPROTECT=5 EV_MADVISE=7 EV_POSIX_MADVISE=8
EV_BRK=9 EV_SHMAT=11 EV_SHMDT=12 EV_BLIND=18
RF_TOOL=1 RF_RAW=2
