#!/bin/sh
# clone3.sh - a thread made by a raw clone3 with its own stack is armed
# before it runs: its inline calls are recorded.
. "$(dirname "$0")/common.sh"
both clone3
recorded "$WORK/t.mdt" clone3
agrees "$WORK/t.mdt"
exit 0
