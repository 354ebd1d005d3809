#!/bin/sh
# query_failed.sh - prog's fourth page, the target of a MAP_FIXED_NOREPLACE
# mmap that failed with EEXIST: reused (a failed call changes nothing).
. "$(dirname "$0")/common.sh"
golden query_failed query --from=mark:captured --at=mark:end t.mdt 0x7e0000003000 4096
