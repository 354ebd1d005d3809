#!/bin/sh
# bench_hooks.sh - the same loops plain, under `mdtrace run --stacks=0`,
# `--stacks=16`, and under strace for reference, in one run; reports the
# median of 5 runs of each (the modes interleaved) and the median of the
# 5 rounds' ratios to the plain run of the same round.
set -u
mdtrace=${1:-./cli/mdtrace}
loop=${2:-./bench/hooks_loop}
n=${BENCH_ITERS:-50000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

once() { # label command...: one run, its time appended to $tmp/label.all
	label=$1
	shift
	sleep 1 # let the kernel finish the last run's deferred frees first
	"$@" 2>/dev/null | tail -n 1 >>"$tmp/$label.all"
	rm -f "$tmp"/t.mdt*
}

# Each round's ratio is taken against that round's plain run, and the
# median of the rounds' ratios is reported: this VM's system calls drift
# in cost by tens of percent over minutes, and a ratio of two medians
# taken minutes apart measures the drift as much as mdtrace.
ratios() { # mode: $tmp/mode.ratio from the paired runs
	paste "$tmp/$1.all" "$tmp/plain.all" | awk '{ print $1 / $2 }' >"$tmp/$1.ratio"
}

# Every run on the same CPU, the last one: on this VM a run placed on the
# first CPU now and then took twice as long, plain or traced alike (the
# interrupts are shared evenly, so it is the host's doing).
pin=
ncpu=$(nproc 2>/dev/null || echo 1)
if command -v taskset >/dev/null && [ "$ncpu" -gt 1 ]; then
	pin="taskset -c $((ncpu - 1))"
fi

printf '%-8s %-26s %12s %8s\n' loop mode ns/iter ratio
for w in maps malloc inline; do
	# The modes take turns in each round, so a slow spell of a shared
	# machine hits them alike instead of one mode's five runs.
	for i in 1 2 3 4 5; do
		once plain $pin "$loop" "$w" "$n"
		once s0 $pin "$mdtrace" run -o "$tmp/t.mdt" --stacks=0 "$loop" "$w" "$n"
		once s16 $pin "$mdtrace" run -o "$tmp/t.mdt" --stacks=16 "$loop" "$w" "$n"
		if command -v strace >/dev/null; then
			once strace $pin strace -f -e trace=%memory -o /dev/null "$loop" "$w" "$n"
		fi
	done
	for m in plain s0 s16 strace; do
		[ -f "$tmp/$m.all" ] && ratios "$m"
	done
	for m in plain s0 s16 strace; do
		[ -f "$tmp/$m.all" ] || continue
		median <"$tmp/$m.all" >"$tmp/$m"
		median <"$tmp/$m.ratio" >"$tmp/$m.r"
		rm -f "$tmp/$m.all" "$tmp/$m.ratio"
	done
	for m in plain s0 s16 strace; do
		[ -f "$tmp/$m" ] || continue
		case $m in
		plain) name="plain" target="" ;;
		s0) name="mdtrace --stacks=0" target="(target <= 1.10)" ;;
		s16) name="mdtrace --stacks=16" target="(target <= 1.50)" ;;
		strace) name="strace -e trace=%memory" target="(reference)" ;;
		esac
		case $w.$m in # every call trapped: measured, no target
		inline.s0 | inline.s16) target="(trapped calls)" ;;
		esac
		awk -v l="$w" -v m="$name" -v t="$(cat "$tmp/$m")" -v r="$(cat "$tmp/$m.r")" -v n="$n" -v g="$target" \
			'BEGIN { printf "%-8s %-26s %12.0f %8.2f %s\n", l, m, t / n, r, g }'
	done
	rm -f "$tmp"/plain* "$tmp"/s0* "$tmp"/s16* "$tmp"/strace*
done
