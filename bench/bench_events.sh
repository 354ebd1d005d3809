#!/bin/sh
# bench_events.sh - the cost of event delivery (issue 12): hooks_loop's maps
# and malloc loops plain, with UCX UCM's handler counting VM_MAPPED and
# VM_UNMAPPED (hooks_loop_ucm; also with UCM's malloc replacement turned
# off, for reference), and linked with libmdtrace with a handler counting
# MDTRACE_EVENT_ALL (hooks_loop_mdtrace; also without call stacks in the
# capture, MDTRACE_STACKS=0, for reference: UCM takes none).  The modes take turns in each of
# 7 rounds; each figure is the median of the rounds' ratios to that round's
# plain run (common.sh).  Target: mdtrace's ratio no worse than UCM's.  A
# handler that counted no events fails the bench (exit 1): it measured
# nothing.
set -u
loop=${1:-./bench/hooks_loop}
md=${2:-./bench/hooks_loop_mdtrace}
ucm=${3:-./bench/hooks_loop_ucm}
n=${BENCH_ITERS:-50000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/common.sh"

[ -x "$ucm" ] || {
	echo "events: no $ucm (apt-get install libucx-dev, then configure again): mdtrace alone"
	ucm=
}
bad=0
printf '%-7s %-40s %9s %7s %12s\n' loop mode ns/iter ratio events/iter
for w in maps malloc; do
	for i in 1 2 3 4 5 6 7; do
		once plain $pin "$loop" "$w" "$n"
		if [ -n "$ucm" ]; then
			once ucm $pin "$ucm" "$w" "$n"
			once ucmnm $pin env UCX_MEM_MALLOC_HOOKS=n "$ucm" "$w" "$n"
		fi
		once md $pin "$md" "$w" "$n"
		once mds0 $pin env MDTRACE_STACKS=0 "$md" "$w" "$n"
	done
	medians plain ucm ucmnm md mds0
	none=
	for m in plain ucm ucmnm md mds0; do
		[ -f "$tmp/$m" ] || continue
		case $m in
		plain) name="plain" ;;
		ucm) name="UCM ucm_set_event_handler" ;;
		ucmnm) name="UCM, UCX_MEM_MALLOC_HOOKS=n (reference)" ;;
		md) name="mdtrace_set_event_handler" ;;
		mds0) name="mdtrace, MDTRACE_STACKS=0 (reference)" ;;
		esac
		ev=
		if [ "$m" != plain ]; then
			ev=$(median <"$tmp/$m.events")
			if [ "${ev:-0}" -eq 0 ]; then
				echo "events: FAIL: $name counted no events in the $w loop"
				none="$none $m" bad=1
			fi
		fi
		awk -v l="$w" -v m="$name" -v t="$(cat "$tmp/$m")" -v r="$(cat "$tmp/$m.r")" -v n="$n" \
			-v e="$ev" 'BEGIN { printf "%-7s %-40s %9.0f %7.2f %12s\n", l, m, t / n, r,
				e == "" ? "" : sprintf("%.2f", e / n) }'
	done
	if [ -f "$tmp/ucm" ]; then
		awk -v l="$w" -v u="$(cat "$tmp/ucm.r")" -v d="$(cat "$tmp/md.r")" -v none="$none" 'BEGIN {
			v = none != "" ? "FAIL (a handler counted nothing)" : d <= u ? "PASS" : "MISS"
			printf "%-7s ratio to plain: UCM %.2f, mdtrace %.2f (target: mdtrace <= UCM) %s\n",
				l, u, d, v }'
	fi
	rm -f "$tmp"/plain* "$tmp"/ucm* "$tmp"/md*
done
exit $bad
