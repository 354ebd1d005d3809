#!/bin/sh
# An mprotect(PROT_READ) of read-write pages is an access change under a
# live descriptor: its range, the mmap that mapped it and the mprotect.
. "$(dirname "$0")/common.sh"
trace hzprog
json hazards hzprog
j=$WORK/hzprog.hazards.json
check "access_count" "$(py "$j" 'd["access_count"]')" 1
check "access groups" "$(py "$j" 'len(d["access"])')" 1
check "range" "$(py "$j" 'd["access"][0]["range"]["start"]')" "$(out hzprog RO 1)"
check "bytes" "$(py "$j" 'd["access"][0]["range"]["bytes"]')" "$(out hzprog RO 2)"
check "mapped by" "$(py "$j" 'd["access"][0]["mapped"]["call"].split("(")[0]')" mmap
check "changed by" "$(py "$j" 'd["access"][0]["access_removed"]["call"].split(",")[-1].split(")")[0].strip()')" PROT_READ
