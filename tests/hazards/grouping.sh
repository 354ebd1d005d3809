#!/bin/sh
# Grouping by the pair of stacks: the three cycles from one call site are one
# group, listed first, whose first occurrence is the first cycle's range;
# the MAP_FIXED over live pages is the second group, given back and taken
# again by the same call.
. "$(dirname "$0")/common.sh"
trace hzprog
json hazards hzprog
j=$WORK/hzprog.hazards.json
check "groups" "$(py "$j" 'len(d["aba"])')" 2
check "first group count" "$(py "$j" 'd["aba"][0]["count"]')" 3
check "second group count" "$(py "$j" 'd["aba"][1]["count"]')" 1
check "first range" "$(py "$j" 'd["aba"][0]["range"]["start"]')" "$(out hzprog ABA 1)"
check "first range bytes" "$(py "$j" 'd["aba"][0]["range"]["bytes"]')" "$(out hzprog ABA 2)"
check "first group bytes" "$(py "$j" 'd["aba"][0]["bytes"]')" $(($(out hzprog ABA 2) * 3))
check "first given back by" "$(py "$j" 'd["aba"][0]["given_back"]["call"].split("(")[0]')" munmap
check "first taken again by" "$(py "$j" 'd["aba"][0]["taken_again"]["call"].split("(")[0]')" mmap
check "first: two calls" "$(py "$j" 'd["aba"][0]["given_back"]["seq"] < d["aba"][0]["taken_again"]["seq"]')" True
check "stacks recorded" "$(py "$j" 'len(d["aba"][0]["given_back"]["stack"]) > 0 and len(d["aba"][0]["taken_again"]["stack"]) > 0')" True
check "second range" "$(py "$j" 'd["aba"][1]["range"]["start"]')" "$(out hzprog FIXED 1)"
check "second range bytes" "$(py "$j" 'd["aba"][1]["range"]["bytes"]')" "$(out hzprog FIXED 2)"
check "second: one call" "$(py "$j" 'd["aba"][1]["same_call"] and d["aba"][1]["given_back"]["seq"] == d["aba"][1]["taken_again"]["seq"]')" True
"$MDTRACE" hazards "$WORK/hzprog.mdt" >"$WORK/text" || fail "mdtrace hazards failed"
check "text: first group" "$(grep '^ABA #1:' "$WORK/text")" "ABA #1: 3 times, $(($(out hzprog ABA 2) * 3)) bytes in all"
check "text: second group" "$(grep '^ABA #2:' "$WORK/text")" "ABA #2: 1 time, $(out hzprog FIXED 2) bytes in all"
