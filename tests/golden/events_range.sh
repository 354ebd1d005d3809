#!/bin/sh
# events_range.sh - `events --range --json`: only the successful calls that
# changed pages of prog's fixed 2 MiB window (no marks, no failed calls).
. "$(dirname "$0")/common.sh"
golden events_range events --json --range=0x7e0000000000:2M t.mdt
