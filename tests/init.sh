# init.sh - the prelude of every shell test, as strace's tests/init.sh.
# `make check` runs each tests/.../NAME.sh with $(SHELL) from the build
# directory (SH_LOG_COMPILER, tests/local.mk); a test sources its
# directory's common.sh, which sources this first, or sources this itself:
#	. "$(dirname "$0")/../init.sh"
# It sets
#	SRC	the test's own source directory (beside the script: VPATH and
#		`make distcheck` builds find their data files there)
#	MDTRACE	the built command (run from the build directory)
#	PRELOAD	the built preloaded library; MD_PRELOAD overrides it
#	WORK	a new directory for the test's files, removed at exit after
#		on_exit runs (redefine it to stop what the test started)
# and gives fail, need, need_cmd and marker_line.  No debuginfod look-ups:
# a server would only slow the tests down (libc has no DWARF here).
set -u
SRC=$(cd "$(dirname "$0")" && pwd)
MDTRACE=$PWD/cli/mdtrace
PRELOAD=${MD_PRELOAD:-$PWD/lib/.libs/libmdtrace_preload.so}
unset DEBUGINFOD_URLS

# fail WORDS...: the test fails with this message.
fail() {
	echo "FAIL: $*"
	exit 1
}

# need FILE...: each built program (or shared object) is there; else the
# test is a hard error (99): it was not run from the build directory.
need() {
	for _f in "$@"; do
		case $_f in
		*.so | *.so.*) [ -f "$_f" ] ;;
		*) [ -x "$_f" ] ;;
		esac || {
			echo "missing $_f (run from the build directory)"
			exit 99
		}
	done
}

# need_cmd COMMAND [WHY]: skip the test (77) when COMMAND is not installed.
# ./build.sh installs every command a test needs: on the README's machine
# no test skips for this.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 || {
		echo "SKIP: no $1${2:+ ($2)}"
		exit 77
	}
}

# marker_line TAG:NAME: the line of $SRC/prog.c carrying /* TAG:NAME */.
marker_line() {
	_l=$(grep -n "$1 " "$SRC/prog.c" | cut -d: -f1)
	[ -n "$_l" ] || fail "no marker $1 in prog.c"
	echo "$_l"
}

# preloaded NAME PROG [ARG...]: PROG under the library, its trace written
# to $WORK/NAME.mdt.
preloaded() {
	_n=$1
	shift
	MDTRACE_OUTPUT=$WORK/$_n.mdt LD_PRELOAD=$PRELOAD "$@"
}

on_exit() {
	:
}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/md-$(basename "$SRC")-$(basename "$0" .sh).XXXXXX") ||
	fail "mktemp"
trap 'on_exit; rm -rf "$WORK"' EXIT
