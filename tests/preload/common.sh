# common.sh - sourced by the tests/preload/*.sh scripts, which `make check`
# runs from the build directory.  MD_PRELOAD overrides the library.
set -u
PRELOAD=${MD_PRELOAD:-$PWD/lib/.libs/libmdtrace_preload.so}
T=$PWD/tests/preload
if [ ! -f "$PRELOAD" ] || [ ! -x "$T/trace_dump" ]; then
	echo "missing $PRELOAD or $T/trace_dump"
	exit 99
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/md-preload.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

fail() {
	echo "FAIL: $*"
	exit 1
}

# run_pre NAME PROG [ARG...]: PROG under the library, trace $WORK/NAME.mdt
run_pre() {
	_n=$1
	shift
	MDTRACE_OUTPUT=$WORK/$_n.mdt LD_PRELOAD=$PRELOAD "$@"
}

# dump NAME: the records of $WORK/NAME.mdt, one per line (see trace_dump.c):
#   seq type flags err a0 a1 a2 a3 a4 a5 ret nframes extra_len
dump() {
	"$T/trace_dump" "$WORK/$1.mdt" || fail "cannot read trace $1"
}

# Record types and flags (lib/trace/format.h).
EV_MMAP=2 EV_MUNMAP=3 EV_MREMAP=4 EV_MPROTECT=5 EV_MADVISE=7 EV_POSIX_MADVISE=8
EV_BRK=9 EV_SHMAT=11 EV_SHMDT=12 EV_BLIND=18
RF_TOOL=1 RF_RAW=2
