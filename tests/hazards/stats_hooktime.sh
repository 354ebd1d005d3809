#!/bin/sh
# stats: the time spent in the hooks.  About one outer call in 64 per
# thread is timed, at random gaps (so both calls of a two-call loop get
# timed); unwinding 16 frames makes a hook slower than no stack at all;
# the hooks cannot take more time than the whole run; the ring copies are
# counted apart.  The same with CLOCK_MONOTONIC record times.
. "$(dirname "$0")/common.sh"
N=4000
run() { # NAME STACKS [ENV...]
	_n=$1
	_s=$2
	shift 2
	env "$@" "$MDTRACE" run -o "$WORK/$_n.mdt" --stacks="$_s" "$H/hookload" $N >"$WORK/$_n.out" 2>"$WORK/$_n.err" ||
		fail "hookload failed under mdtrace run: $(cat "$WORK/$_n.err")"
	json stats "$_n"
}
hook() { # NAME EXPR (h = d["hook_time"])
	py "$WORK/$1.stats.json" "(lambda h: $2)(d['hook_time'])"
}
sane() { # NAME
	j=$WORK/$1.stats.json
	hooked=$(hook "$1" 'h["hooked_calls"]')
	timed=$(hook "$1" 'h["timed_calls"]')
	[ "$hooked" -ge $((2 * N)) ] || fail "$1: $hooked hooked calls, fewer than the $((2 * N)) made"
	[ "$timed" -ge $((hooked / 64 / 2)) ] && [ "$timed" -le $((hooked / 64 * 2)) ] ||
		fail "$1: $timed of $hooked calls timed, not about one in 64"
	echo "ok: $1: $timed of $hooked calls timed"
	check "$1: every" "$(hook "$1" 'h["every"]')" 64
	for c in mmap munmap; do
		[ "$(hook "$1" "h['per_call'].get('$c', {}).get('timed', 0)")" -gt 0 ] ||
			fail "$1: no $c call was timed (the sample follows the loop)"
	done
	check "$1: some time in hooks" "$(py "$j" 'd["hook_time_ns"] > 0')" True
	# the median (one preempted call can move the mean estimate a lot)
	check "$1: less than the whole run" \
		"$(py "$j" 'd["hook_time"]["median_ns"] * d["hook_time"]["hooked_calls"] < d["duration_ns"]')" True
	check "$1: ring copies counted" "$(hook "$1" 'h["ring_copy_ns"] > 0')" True
	mean=$(hook "$1" 'h["timed_ns"] // h["timed_calls"]')
	[ "$mean" -ge 5 ] && [ "$mean" -le 1000000 ] || fail "$1: $mean ns a call is not a hook's time"
	echo "ok: $1: $mean ns a call"
}
run s0 0
run s16 16
run mono16 16 MDTRACE_CLOCK=monotonic
for n in s0 s16 mono16; do
	sane $n
done
# medians: a timed call preempted on a busy machine moves the mean a lot
m0=$(hook s0 'h["median_ns"]')
m16=$(hook s16 'h["median_ns"]')
[ "$m16" -gt "$m0" ] || fail "16 frames unwound ($m16 ns a call) not slower than none ($m0 ns)"
# libunwind takes well over 50 ns for 16 frames anywhere: a floor that
# catches durations left in clock units
[ "$m16" -ge 50 ] || fail "16 frames unwound in $m16 ns: not nanoseconds"
echo "ok: unwinding costs: a median $m0 ns a call without a stack, $m16 with 16 frames"
"$MDTRACE" stats "$WORK/s16.mdt" >"$WORK/text" || fail "mdtrace stats failed"
grep -q "^time in hooks: about [0-9.]* ms: [0-9]* ns a call (median $(hook s16 'h["median_ns"]')), from $(hook s16 'h["timed_calls"]') timed calls of " "$WORK/text" ||
	fail "text: $(grep 'time in hooks' "$WORK/text")"
echo "ok: text line"
exit 0
