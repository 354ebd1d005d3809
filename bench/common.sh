# common.sh - what bench_hooks.sh, bench_ptrace.sh and bench_events.sh share:
# timed runs of hooks_loop taken in turns, and each mode's ratio to the
# plain run of the same round.  Sourced with $tmp set to the script's own
# directory.

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# once label command...: one run, its time (the last line) appended to
# $tmp/label.all, and the events it counted (a line "events N", from
# the hooks_loop of bench_events.sh) to $tmp/label.events
once() {
	label=$1
	shift
	sleep 1 # let the kernel finish the last run's deferred frees first
	"$@" 2>/dev/null >"$tmp/once.out"
	tail -n 1 "$tmp/once.out" >>"$tmp/$label.all"
	sed -n 's/^events //p' "$tmp/once.out" >>"$tmp/$label.events"
	rm -f "$tmp"/t.mdt* "$tmp/once.out"
}

# Each round's ratio is taken against that round's plain run, and the
# median of the rounds' ratios is reported: this VM's system calls drift
# in cost by tens of percent over minutes, and a ratio of two medians
# taken minutes apart measures the drift as much as mdtrace.
ratios() { # mode: $tmp/mode.ratio from the paired runs
	paste "$tmp/$1.all" "$tmp/plain.all" | awk '{ print $1 / $2 }' >"$tmp/$1.ratio"
}

# medians MODE...: $tmp/MODE, the median time, and $tmp/MODE.r, the median
# ratio to plain, of each mode that ran
medians() {
	for _m; do
		[ -f "$tmp/$_m.all" ] && ratios "$_m"
	done
	for _m; do
		[ -f "$tmp/$_m.all" ] || continue
		median <"$tmp/$_m.all" >"$tmp/$_m"
		median <"$tmp/$_m.ratio" >"$tmp/$_m.r"
		rm -f "$tmp/$_m.all" "$tmp/$_m.ratio"
	done
}

# Every run on the same CPU, the last one: on this VM a run placed on the
# first CPU now and then took twice as long, plain or traced alike (the
# interrupts are shared evenly, so it is the host's doing).
pin=
ncpu=$(nproc 2>/dev/null || echo 1)
if command -v taskset >/dev/null && [ "$ncpu" -gt 1 ]; then
	pin="taskset -c $((ncpu - 1))"
fi
