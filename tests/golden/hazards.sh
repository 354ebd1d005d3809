#!/bin/sh
# hazards.sh - the ABA reuse (munmap then MAP_FIXED mmap of prog's first
# page) and the access change (mprotect PROT_NONE of its second page).
. "$(dirname "$0")/common.sh"
golden hazards hazards t.mdt
