#!/bin/sh
# timing.sh - event times are CLOCK_MONOTONIC nanoseconds whatever the
# trace's clock (TSC ticks where usable, else clock_gettime; see
# mdtrace-trace(5) TIME): the time between two marks in `mdtrace events
# --json` lies where the program's own clock reads put it, give or take
# 1 ms, in a finished trace and in one whose process was SIGKILLed; times
# never go back in a one-thread trace; the header names the clock the
# writer should have chosen.
. "$(dirname "$0")/common.sh"
need_cmd python3
PROG=$PWD/tests/events/timing
need "$PROG"

# The writer's rule: the TSC on x86_64 with constant_tsc and nonstop_tsc.
want_tsc=0
if [ "$(uname -m)" = x86_64 ] &&
	awk '/^flags/ { print; exit }' /proc/cpuinfo | grep -qw constant_tsc &&
	awk '/^flags/ { print; exit }' /proc/cpuinfo | grep -qw nonstop_tsc; then
	want_tsc=1
fi

# check NAME WANT_CLOCK [kill]: run the program (under env MDTRACE_CLOCK
# as set by the caller) and compare.
check() {
	name=$1 want=$2
	shift 2
	"$MDTRACE" run -o "$WORK/$name.mdt" "$PROG" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
	rc=$?
	if [ $# -eq 0 ] && [ $rc -ne 0 ]; then
		fail "$name: mdtrace run failed ($rc): $(cat "$WORK/$name.err")"
	fi
	"$MDTRACE" events --json "$WORK/$name.mdt" >"$WORK/$name.json" 2>"$WORK/$name.evErr" ||
		fail "$name: mdtrace events failed: $(cat "$WORK/$name.evErr")"
	python3 - "$WORK/$name.mdt" "$WORK/$name.json" "$WORK/$name.out" "$want" <<'PY' ||
import json, struct, sys
trace, events, out, want = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(trace, "rb") as f:
    head = f.read(4096)
clock = struct.unpack_from("<I", head, 2168)[0]  # md_trace_header.clock
if clock != want:
    sys.exit("header clock %d, want %d" % (clock, want))
marks, last = {}, None
for line in open(events):
    ev = json.loads(line)
    if last is not None and ev["time_ns"] < last:
        sys.exit("time goes back at event %d: %d after %d" % (ev["seq"], ev["time_ns"], last))
    last = ev["time_ns"]
    if ev["type"] == "mark":
        marks[ev["call"].split('"')[1]] = ev["time_ns"]
spans = [l.split() for l in open(out)]
if not spans:
    sys.exit("the program printed nothing")
tol = 1000000
for a, b, lo, hi in spans:
    if a not in marks or b not in marks:
        sys.exit("marks %s %s not both in the trace (%s)" % (a, b, sorted(marks)))
    d = marks[b] - marks[a]
    if not int(lo) - tol <= d <= int(hi) + tol:
        sys.exit("%s-%s: %d ns in the trace, the program saw %s..%s" % (a, b, d, lo, hi))
    print("%s-%s: %d ns (program: %s..%s)" % (a, b, d, lo, hi))
PY
		fail "$name: times do not agree (trace kept in $WORK)"
}

check finished $want_tsc
check killed $want_tsc kill
MDTRACE_CLOCK=monotonic
export MDTRACE_CLOCK
check monotonic 0
check monotonic_killed 0 kill
echo "ok: event times (clock $want_tsc, and clock_gettime when asked)"
