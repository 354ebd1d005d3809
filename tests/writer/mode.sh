#!/bin/sh
# (g) the trace file is created 0600 whatever the umask.
. "$(dirname "$0")/common.sh"
for m in 000 022 077; do
	(umask $m && preloaded g$m "$W/prog" plain > /dev/null) || fail "prog failed"
	[ "$(stat -c %a "$WORK/g$m.mdt")" = 600 ] || fail "umask $m: mode $(stat -c %a "$WORK/g$m.mdt")"
done
exit 0
