#!/bin/sh
# aarch64.sh - the portable parts build for aarch64: the preloaded library
# links into an aarch64 shared object, and the core, trace and command
# sources compile (xlat.h from the build directory).  Without libunwind
# and libdw (their aarch64 -dev packages would need a multiarch set-up), so
# this checks our code, not theirs.  Skipped (77) when aarch64-linux-gnu-gcc is missing.
. "$(dirname "$0")/init.sh"
CC=aarch64-linux-gnu-gcc
need_cmd $CC "package gcc-aarch64-linux-gnu"
src=${srcdir:-.}
out=$WORK
grep -v 'HAVE_LIBUNWIND\|HAVE_LIBDW' config.h >"$out/config.h" || exit 99
flags="-std=gnu11 -O2 -Wall -Wextra -Werror=implicit-function-declaration -fPIC
	-fvisibility=hidden -I$src/lib/core -I$src/lib/trace -I$(pwd)/lib/trace -I$out
	-DMDTRACE_LIBDIR=\"/usr/lib\""
# cc OUT SRC...: compile each source, then link OUT with extra flags from $link
cc() {
	_bin=$1
	shift
	_objs=
	for f in "$@"; do
		_o=$out/$(basename "$(dirname "$f")")-$(basename "$f" .c).o
		# shellcheck disable=SC2086
		$CC $flags -c "$f" -o "$_o" || { echo "FAIL: $f does not compile for aarch64"; exit 1; }
		_objs="$_objs $_o"
	done
	[ -n "$_bin" ] || return 0
	# shellcheck disable=SC2086
	$CC -o "$out/$_bin" $_objs $link || { echo "FAIL: $_bin does not link for aarch64"; exit 1; }
	readelf -h "$out/$_bin" | grep -q AArch64 || { echo "FAIL: $_bin is not aarch64"; exit 1; }
}
link="-shared -Wl,-z,defs -ldl -lpthread"
cc libmdtrace_preload.so "$src"/lib/core/sys.c "$src"/lib/trace/events.c "$src"/lib/preload/*.c \
	"$src"/lib/preload/*.S
# the command links libdw, whose aarch64 library is not installed: compile only
flags="$flags -I$src/lib/tracer"
cc "" "$src"/lib/core/*.c "$src"/lib/trace/*.c "$src"/cli/*.c
flags="$flags -I$src/lib/preload"
cc "" "$src"/lib/tracer/*.c
# libmdtrace: its own files and the core's it compiles in, linked against
# the aarch64 preloaded library above
flags="$flags -I$src/include"
link="-shared -Wl,-z,defs $out/libmdtrace_preload.so -lpthread"
cc libmdtrace.so "$src"/lib/api/*.c "$src"/lib/core/arena.c "$src"/lib/core/table.c \
	"$src"/lib/core/table_ops.c "$src"/lib/core/seed.c "$src"/lib/core/reconcile.c \
	"$src"/lib/core/procfmt.c "$src"/lib/core/desc.c "$src"/lib/core/verdict.c \
	"$src"/lib/trace/apply.c "$src"/lib/trace/changes.c "$src"/lib/trace/events.c
echo "aarch64: the preloaded library and libmdtrace link, the command and its ptrace backend compile (without libunwind)"
