#!/bin/sh
# The number of ABA reuses: 3 munmap+mmap and 1 MAP_FIXED over live pages;
# `hazards` (text and JSON) and the summary of `mdtrace run` agree.
. "$(dirname "$0")/common.sh"
trace hzprog
json hazards hzprog
check "hazards --json aba_count" "$(py "$WORK/hzprog.hazards.json" 'd["aba_count"]')" 4
check "sum of group counts" "$(py "$WORK/hzprog.hazards.json" 'sum(g["count"] for g in d["aba"])')" 4
"$MDTRACE" hazards "$WORK/hzprog.mdt" >"$WORK/text" || fail "mdtrace hazards failed"
check "text header" "$(head -n 1 "$WORK/text" | sed 's/^[^:]*: //')" \
	"4 ABA reuses in 2 groups, 1 access change in 1 group"
check "run summary" "$(grep -o '[0-9]* ABA reuses' "$WORK/hzprog.err")" "4 ABA reuses"
