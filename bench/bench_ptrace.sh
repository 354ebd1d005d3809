#!/bin/sh
# bench_ptrace.sh - the maps loop of hooks_loop (4 mapping calls an
# iteration) plain, under `mdtrace run --backend=ptrace --stacks=0` and
# `--stacks=16`, and under `strace -f -e trace=%memory` for reference, in
# one interleaved run as bench_hooks.sh does it: the median of 5 runs of
# each, the median of the rounds' ratios to plain, and what each traced
# call costs over plain.  Target: ptrace --stacks=0 cheaper than strace.
set -u
mdtrace=${1:-./cli/mdtrace}
loop=${2:-./bench/hooks_loop}
n=${BENCH_ITERS:-20000}
command -v strace >/dev/null || {
	echo "bench_ptrace: no strace (./build.sh bench installs it)"
	exit 0
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/common.sh"

for i in 1 2 3 4 5; do
	once plain $pin "$loop" maps "$n"
	once s0 $pin "$mdtrace" run --backend=ptrace -o "$tmp/t.mdt" --stacks=0 "$loop" maps "$n"
	once s16 $pin "$mdtrace" run --backend=ptrace -o "$tmp/t.mdt" --stacks=16 "$loop" maps "$n"
	once strace $pin strace -f -qq -o /dev/null -e trace=%memory "$loop" maps "$n"
done
medians plain s0 s16 strace
printf '%-8s %-26s %12s %8s %10s\n' loop mode ns/iter ratio us/call
for m in plain s0 s16 strace; do
	case $m in
	plain) name="plain" ;;
	s0) name="ptrace --stacks=0" ;;
	s16) name="ptrace --stacks=16" ;;
	strace) name="strace -e trace=%memory" ;;
	esac
	# a call's cost over plain: (ratio - 1) of plain's time, over 4 calls
	awk -v m="$name" -v t="$(cat "$tmp/$m")" -v r="$(cat "$tmp/$m.r")" -v p="$(cat "$tmp/plain")" -v n="$n" \
		'BEGIN { printf "%-8s %-26s %12.0f %8.2f %10.2f\n", "maps", m, t / n, r, (r - 1) * p / (4 * n) / 1000 }'
done
awk -v a="$(cat "$tmp/s0.r")" -v b="$(cat "$tmp/strace.r")" -v p="$(cat "$tmp/plain")" -v n="$n" 'BEGIN {
	printf "ptrace --stacks=0 cheaper than strace: %s (%.2f us a call, strace %.2f)\n", a < b ? "PASS" : "MISS",
		(a - 1) * p / (4 * n) / 1000, (b - 1) * p / (4 * n) / 1000 }'
