#!/bin/sh
# No hazards: a reservation made accessible, access added, a shared file
# mapped again at the same offset (the same memory), memory given back and
# never mapped again.
. "$(dirname "$0")/common.sh"
trace control
json hazards control
check "aba_count" "$(py "$WORK/control.hazards.json" 'd["aba_count"]')" 0
check "access_count" "$(py "$WORK/control.hazards.json" 'd["access_count"]')" 0
check "run summary" "$(grep -o '[0-9]* ABA reuses' "$WORK/control.err")" "0 ABA reuses"
