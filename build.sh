#!/bin/sh
# build.sh - set up, build and run mdtrace on a fresh Debian 12 machine.
#   ./build.sh example     build, then trace the bundled ABA example and query it
#   ./build.sh check       build, then make check and make distcheck
#   ./build.sh sanitize    build with ASan+UBSan in _build-san and make check
#   ./build.sh fuzz        build with clang's libFuzzer in _build-fuzz, then
#                          make fuzz (FUZZ_TIME seconds a target, default 60)
#   ./build.sh bench       build, then make bench
set -eu
cd "$(dirname "$0")"
top=$(pwd)

PKGS="build-essential autoconf automake libtool pkg-config check libunwind-dev libdw-dev mandoc"
# What the tests run besides the build (no test may skip for a missing tool
# here): python3 reads the JSON reports (tests/hazards, tests/events) and
# is, with git, one of the real programs traced (tests/real/programs.sh);
# the cross compiler builds the portable code for aarch64 (tests/aarch64.sh).
# tests/real/backends.sh traces java and node as well, under each backend,
# and takes strace as the truth for what they called; musl-gcc builds the
# programs of another C library that the ptrace backend traces
# (tests/ptrace/static.sh).
TEST_PKGS="python3 git gcc-aarch64-linux-gnu default-jre-headless nodejs strace musl-tools"
# The fuzz targets (fuzz/) need clang and its libFuzzer (libclang-rt-dev).
# Only they are built by clang: several test programs assume gcc's code
# (a helper not inlined, a malloc kept), so make check stays gcc's, with
# and without sanitizers.
FUZZ_PKGS="clang libclang-rt-dev"
case ${1:-} in
check | sanitize) PKGS="$PKGS $TEST_PKGS" ;;
fuzz) PKGS="$PKGS $TEST_PKGS $FUZZ_PKGS" ;;
# strace: the reference of bench_hooks.sh and bench_ptrace.sh; UCX's UCM
# (libucx-dev) what bench_events.sh compares libmdtrace's events with.
bench) PKGS="$PKGS strace libucx-dev" ;;
esac

missing() {
	for p in $PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
	done
}

deps() {
	need=$(missing | tr '\n' ' ')
	[ -z "$need" ] && return 0
	if [ "$(id -u)" = 0 ]; then
		echo "build.sh: installing $need"
		DEBIAN_FRONTEND=noninteractive apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
	else
		echo "build.sh: missing packages; run as root:" >&2
		echo "  apt-get install -y $need" >&2
		exit 1
	fi
}

build() { # build DIR [configure args]
	dir=$1
	shift
	[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
	mkdir -p "$dir"
	cd "$dir"
	# A build configured otherwise (by an older build.sh) is configured
	# again and its objects made again.
	if [ -f Makefile ] && [ "$(cat .build.sh-args 2>/dev/null)" != "$*" ]; then
		"$top/configure" -q "$@"
		make clean >/dev/null
		echo "$*" >.build.sh-args
	fi
	[ -f Makefile ] || { "$top/configure" -q "$@" && echo "$*" >.build.sh-args; }
	make -j"$(nproc)" >/dev/null
}

example() {
	cd "$top/_build"
	rm -f example.mdt example.mdt.*
	echo "\$ mdtrace run -o example.mdt examples/aba"
	./cli/mdtrace run -o example.mdt ./examples/aba >example.out 2>example.err
	cat example.out example.err
	addr=$(sed -n 's/^registered \(0x[0-9a-f]*\) .*/\1/p' example.out)
	echo
	echo "\$ mdtrace query --from=mark:registered --at=mark:reallocated example.mdt $addr 1M"
	./cli/mdtrace query --from=mark:registered --at=mark:reallocated example.mdt "$addr" 1M
}

mode=${1:-example}
case $mode in
example) deps; build _build; example ;;
check) deps; build _build; cd "$top/_build"; make check; make distcheck >/dev/null && echo "build.sh: make distcheck passed" ;;
sanitize) deps; build _build-san --enable-sanitizers; cd "$top/_build-san"; make check ;;
fuzz) deps; build _build-fuzz CC=clang --enable-fuzz; cd "$top/_build-fuzz"; make fuzz FUZZ_TIME="${FUZZ_TIME:-60}" ;;
bench) deps; build _build; cd "$top/_build"; make bench ;;
*) echo "usage: ./build.sh [example|check|sanitize|fuzz|bench]" >&2; exit 2 ;;
esac
