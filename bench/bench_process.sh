#!/bin/sh
# bench_process.sh - what tracing adds to each process: spawn_loop runs a
# small program (/bin/true) N times, plain and under `mdtrace run`
# (--stacks=0 and the default 16), the modes taking turns in each round;
# the added time per process is the median over the rounds of
# (traced - plain) / N, against issue 13's target of 0.3 ms.
set -u
mdtrace=${1:-./cli/mdtrace}
loop=${2:-./bench/spawn_loop}
prog=${BENCH_PROG:-/bin/true}
n=${BENCH_PROCS:-40}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/common.sh"

for i in 1 2 3 4 5; do
	once plain $pin "$loop" "$n" "$prog"
	once s0 $pin "$mdtrace" run -o "$tmp/t.mdt" --stacks=0 "$loop" "$n" "$prog"
	once s16 $pin "$mdtrace" run -o "$tmp/t.mdt" --stacks=16 "$loop" "$n" "$prog"
done
# each round's added time per process, in ms, against that round's plain run
added() { paste "$tmp/plain.all" "$tmp/$1.all" | awk -v n="$n" '{ print ($2 - $1) / n / 1e6 }' | median; }
plain=$(awk -v n="$n" '{ print $1 / n / 1e6 }' "$tmp/plain.all" | median)
printf '%-28s %14s %14s\n' "process ($prog)" "ms/process" "added ms"
printf '%-28s %14.2f\n' plain "$plain"
for m in s0 s16; do
	case $m in s0) name="mdtrace --stacks=0" ;; s16) name="mdtrace --stacks=16" ;; esac
	awk -v m="$name" -v x="$(added $m)" \
		'BEGIN { printf "%-28s %14s %14.2f %s (target <= 0.30)\n", m, "", x, x <= 0.3 ? "PASS" : "MISS" }'
done
