#!/bin/sh
# query_aba.sh - prog's first page, unmapped and mapped again MAP_FIXED at
# the same address after the capture: rebuilt, decided by that mmap.
. "$(dirname "$0")/common.sh"
golden query_aba query --from=mark:captured --at=mark:end t.mdt 0x7e0000000000 4096
