#!/bin/sh
# unseen.sh - calls that change mappings without a mapping call
# (lib/preload/unseen.def) are made unchanged and declared blind, once
# each, whichever way they are made: io_setup inline and through
# syscall(), process_madvise through libc's wrapper.
. "$(dirname "$0")/common.sh"
both unseen
"$MDTRACE" events "$WORK/t.mdt" >"$WORK/ev"
[ "$(grep -c '^[0-9]* .* blind("io_setup: ' "$WORK/ev")" = 1 ] ||
	fail "not one io_setup blind record: $(grep blind "$WORK/ev")"
[ "$(grep -c '^[0-9]* .* blind("process_madvise: ' "$WORK/ev")" = 1 ] ||
	fail "not one process_madvise blind record: $(grep blind "$WORK/ev")"
agrees "$WORK/t.mdt"
exit 0
