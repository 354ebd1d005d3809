#!/bin/sh
# bench_replay.sh - reading speed (issue 4): records a trace of at least
# 10 million events, reports events per second replayed without the trace
# index (the median of 3 `mdtrace maps` runs, process start included) and
# the time of `mdtrace query --at=P` at random points P with the index,
# against the targets (>= 20 M events/s; < 100 ms).  The trace (~1 GB) is
# deleted at the end.
set -u
mdtrace=${1:-./cli/mdtrace}
loop=${2:-./bench/hooks_loop}
iters=${BENCH_REPLAY_ITERS:-2500000} # 4 events each
points=${BENCH_REPLAY_POINTS:-8}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t=$tmp/t.mdt
pin=
command -v taskset >/dev/null 2>&1 && pin="taskset -c 1"

now() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

"$mdtrace" run -o "$t" --stacks=0 "$loop" maps "$iters" >/dev/null 2>"$tmp/run.err" || {
	cat "$tmp/run.err" >&2
	echo "bench_replay: recording failed" >&2
	exit 0
}
events=$(sed -n 's/^mdtrace: \([0-9]*\) events,.*/\1/p' "$tmp/run.err")
echo "trace: ${events:-?} events, $(($(stat -c %s "$t") / 1048576)) MiB; index $(stat -c %s "$tmp/.t.mdt.idx" 2>/dev/null || echo none) bytes"
[ "${events:-0}" -ge 10000000 ] || echo "bench_replay: fewer than 10 million events: raise BENCH_REPLAY_ITERS"

# warm the page cache, then time full replays without the index
MDTRACE_NO_INDEX=1 "$mdtrace" maps "$t" >/dev/null
for i in 1 2 3; do
	s=$(now)
	MDTRACE_NO_INDEX=1 $pin "$mdtrace" maps "$t" >/dev/null
	echo $(($(now) - s))
done | median >"$tmp/replay"
awk -v ns="$(cat "$tmp/replay")" -v n="$events" 'BEGIN {
	r = n / (ns / 1e9) / 1e6
	printf "replay: %.2f s for %d events = %.1f M events/s (target >= 20) %s\n", ns / 1e9, n, r, (r >= 20 ? "PASS" : "MISS") }'

# building the index, as the first query on a trace without one does
rm -f "$tmp/.t.mdt.idx"
s=$(now)
$pin "$mdtrace" maps --at=1 "$t" >/dev/null
b=$(($(now) - s))
echo "index: built in $((b / 1000000)) ms by the first seek, $(stat -c %s "$tmp/.t.mdt.idx" 2>/dev/null || echo 0) bytes"

# a range the loop maps again and again: the address of one of its mmaps
addr=$("$mdtrace" events --from=1000 --at=1100 "$t" | sed -n 's/.* mmap(NULL, 8192,.*= \(0x[0-9a-f]*\)$/\1/p' | head -n 1)
[ -n "$addr" ] || addr=0x10000
awk -v n="$events" -v k="$points" 'BEGIN { srand(); for (i = 0; i < k; i++) printf "%d\n", 1 + int(rand() * n) }' >"$tmp/points"
worst=0
while read -r p; do
	s=$(now)
	$pin "$mdtrace" query --at="$p" "$t" "$addr" 8192 >"$tmp/q" 2>&1
	ms=$((($(now) - s) / 1000000))
	printf 'query --at=%-9s %s 8192: %4d ms: %s\n' "$p" "$addr" "$ms" "$(head -n 1 "$tmp/q" | cut -c1-60)"
	[ "$ms" -gt "$worst" ] && worst=$ms
done <"$tmp/points"
echo "query: worst $worst ms at $points random points (target < 100 ms) $([ "$worst" -lt 100 ] && echo PASS || echo MISS)"
exit 0
