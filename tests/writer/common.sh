# common.sh - sourced by tests/writer/*.sh, which `make check` runs from the
# build directory.  MD_PRELOAD overrides the library.
set -u
PRELOAD=${MD_PRELOAD:-$PWD/lib/.libs/libmdtrace_preload.so}
W=$PWD/tests/writer
if [ ! -f "$PRELOAD" ] || [ ! -x "$W/walk" ] || [ ! -x "$W/prog" ]; then
	echo "missing $PRELOAD, $W/walk or $W/prog"
	exit 99
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/md-writer.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

fail() {
	echo "FAIL: $*"
	exit 1
}

# traced NAME PROG [ARG...]: PROG under the library, trace $WORK/NAME.mdt
traced() {
	_n=$1
	shift
	MDTRACE_OUTPUT=$WORK/$_n.mdt LD_PRELOAD=$PRELOAD "$@"
}

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
