#!/bin/sh
# Hazards in a trace much longer than the reader's window (the replay reads
# by pread into a 256 KiB buffer, refilled many times between a give-back,
# its take-again and the report): each group still names the records that
# gave the range back and took it again.
. "$(dirname "$0")/common.sh"
trace hzprog long 20000
json hazards long
j=$WORK/long.hazards.json
check "groups" "$(py "$j" 'len(d["aba"])')" 2
check "first group count" "$(py "$j" 'd["aba"][0]["count"]')" 3
check "first range" "$(py "$j" 'd["aba"][0]["range"]["start"]')" "$(out long ABA 1)"
check "first given back by" "$(py "$j" 'd["aba"][0]["given_back"]["call"].split("(")[0]')" munmap
check "first taken again by" "$(py "$j" 'd["aba"][0]["taken_again"]["call"].split("(")[0]')" mmap
check "taken 20000 calls later" "$(py "$j" 'd["aba"][0]["taken_again"]["seq"] - d["aba"][0]["given_back"]["seq"]')" 20001
check "second taken by" "$(py "$j" 'd["aba"][1]["taken_again"]["call"].split("(")[0]')" mmap
check "second range" "$(py "$j" 'd["aba"][1]["range"]["start"]')" "$(out long FIXED 1)"
# the same seq numbers as the event log has for those calls
seq=$(py "$j" 'd["aba"][0]["given_back"]["seq"]')
"$MDTRACE" events --from="$seq" --at="$seq" "$WORK/long.mdt" >"$WORK/ev" || fail "mdtrace events failed"
check "event log agrees" "$(sed -n '1s/^[0-9]* [^ ]* [^ ]* \([a-z]*\)(.*/\1/p' "$WORK/ev")" munmap
"$MDTRACE" hazards "$WORK/long.mdt" >"$WORK/text" || fail "mdtrace hazards failed"
check "text: given back" "$(grep -c "^    event $seq, thread [0-9]*: munmap(" "$WORK/text")" 1
exit 0
