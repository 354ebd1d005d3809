#!/bin/sh
# sigsys.sh - the program's own SIGSYS handler reads back as set and runs
# once for the SIGSYS it sends itself (the dispatch traps are not its).
. "$(dirname "$0")/common.sh"
both sigsys
grep -q "SIGSYS handler ran 1 time" "$WORK/pre" || fail "the program's SIGSYS handler did not run once"
recorded "$WORK/t.mdt" main
agrees "$WORK/t.mdt"
exit 0
