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
printf '%-28s %14s %14s\n' "process ($prog)" "ms/process" "added ms"
paste "$tmp/plain.all" "$tmp/s0.all" "$tmp/s16.all" | awk -v n="$n" '
	{ p[NR] = $1; a[NR] = ($2 - $1) / n; b[NR] = ($3 - $1) / n }
	function med(v, k, i, j, t) {
		for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++)
			if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return v[int((k + 1) / 2)]
	}
	END {
		k = NR
		printf "%-28s %14.2f\n", "plain", med(p, k) / n / 1e6
		x = med(a, k) / 1e6; y = med(b, k) / 1e6
		printf "%-28s %14s %14.2f %s (target <= 0.30)\n", "mdtrace --stacks=0", "", x, x <= 0.3 ? "PASS" : "MISS"
		printf "%-28s %14s %14.2f %s (target <= 0.30)\n", "mdtrace --stacks=16", "", y, y <= 0.3 ? "PASS" : "MISS"
	}'
