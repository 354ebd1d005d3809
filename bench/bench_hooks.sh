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

. "$(dirname "$0")/common.sh"

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
	medians plain s0 s16 strace
	for m in plain s0 s16 strace; do
		[ -f "$tmp/$m" ] || continue
		# issue 13's targets: maps 1.04 (stacks 0) and 1.25 (16), malloc 1.02
		goal=
		case $m in
		plain) name="plain" ;;
		s0) name="mdtrace --stacks=0" goal=1.04 ;;
		s16) name="mdtrace --stacks=16" goal=1.25 ;;
		strace) name="strace -e trace=%memory" ;;
		esac
		case $w.$m in
		malloc.s0) goal=1.02 ;;
		malloc.s16) goal= ;;
		esac
		target=
		[ "$m" = strace ] && target="(reference)"
		case $w.$m in # every call trapped: measured, no target
		inline.s0 | inline.s16) goal= target="(trapped calls)" ;;
		esac
		awk -v l="$w" -v m="$name" -v t="$(cat "$tmp/$m")" -v r="$(cat "$tmp/$m.r")" -v n="$n" -v g="$target" \
			-v goal="$goal" 'BEGIN {
				if (goal != "")
					g = sprintf("%s (target <= %s)", r <= goal + 0 ? "PASS" : "MISS", goal)
				printf "%-8s %-26s %12.0f %8.2f %s\n", l, m, t / n, r, g }'
	done
	rm -f "$tmp"/plain* "$tmp"/s0* "$tmp"/s16* "$tmp"/strace*
done
