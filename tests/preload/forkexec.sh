#!/bin/sh
# forkexec.sh - fork, vfork+exec and posix_spawn children run as without
# the hooks (test f) and each traced image leaves a readable trace.
. "$(dirname "$0")/common.sh"

"$T/forkexec" >"$WORK/plain" || fail "plain run failed"
preloaded fe timeout 60 "$T/forkexec" >"$WORK/pre" || fail "preloaded run failed"
diff -u "$WORK/plain" "$WORK/pre" || fail "results differ"
n=0
for f in "$WORK"/fe.mdt*; do
	"$T/trace_dump" "$f" >/dev/null || fail "unreadable trace $f"
	n=$((n + 1))
done
# timeout, forkexec, its fork child, the vfork+exec image, the spawned image
[ $n -ge 5 ] || fail "only $n traces"
exit 0
