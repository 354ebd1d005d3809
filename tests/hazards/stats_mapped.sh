#!/bin/sh
# stats mapped bytes: ten steps; after the last event the program's bytes
# and mdtrace's own equal the sums over `mdtrace maps --format=table` at the
# end; the peak is at least that; a trace this short has (most likely) no
# timed call: its hook time says so (tests/hazards/stats_hooktime.sh times
# a longer one).
. "$(dirname "$0")/common.sh"
trace hzprog
json stats hzprog
s=$WORK/hzprog.stats.json
"$MDTRACE" maps --format=table "$WORK/hzprog.mdt" >"$WORK/maps" || fail "mdtrace maps failed"
sums=$(python3 -c 'import re, sys
p = t = 0
for l in open(sys.argv[1]):
	lo, hi = (int(x, 16) for x in l.split()[0].split("-"))
	if re.search(r" ev=[0-9]+ mdtrace", l):
		t += hi - lo
	else:
		p += hi - lo
print(p, t)' "$WORK/maps")
check "steps" "$(py "$s" 'len(d["mapped_over_time"])')" 10
check "bytes at end" "$(py "$s" '"%d %d" % (d["mapped_over_time"][-1]["at"]["bytes"], d["mapped_over_time"][-1]["at"]["tool_bytes"])')" "$sums"
check "peak >= end" "$(py "$s" 'd["peak_mapped"]["bytes"] >= d["mapped_over_time"][-1]["at"]["bytes"]')" True
check "peak pieces >= end" "$(py "$s" 'd["peak_pieces"]["pieces"] >= d["mapped_over_time"][-1]["at"]["pieces"] > 0')" True
timed=$(py "$s" 'd["hook_time"]["timed_calls"]')
if [ "$timed" = 0 ]; then
	check "hook time" "$(py "$s" 'd["hook_time_ns"] is None')" True
	"$MDTRACE" stats "$WORK/hzprog.mdt" | grep -q '^time in hooks: not measured' ||
		fail "text: no 'time in hooks: not measured'"
else
	check "hook time" "$(py "$s" 'd["hook_time_ns"] > 0')" True
fi
