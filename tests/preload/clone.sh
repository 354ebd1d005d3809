#!/bin/sh
# clone.sh - a child of clone() without CLONE_VM, of a raw SYS_fork and of a
# raw SYS_clone writes its own trace, and its parent's trace never shows the
# child's calls.
. "$(dirname "$0")/common.sh"

"$T/clone" >"$WORK/plain" || fail "plain run failed"
preloaded cl "$T/clone" >"$WORK/pre" || fail "preloaded run failed"
diff -u "$WORK/plain" "$WORK/pre" || fail "results differ"
grep -c 'exit 2[123]$' "$WORK/pre" | grep -qx 3 || fail "a child could not map its page"

base=$((0x7e1000000000))
# has_map FILE K: FILE holds the successful MAP_FIXED_NOREPLACE of child K
has_map() {
	"$T/trace_dump" "$1" | awk -v t=$EV_MMAP -v a=$((base + $2 * 0x100000)) \
		'$2 == t && $5 == a && $11 == a { f = 1 } END { exit !f }'
}
for k in 1 2 3; do
	has_map "$WORK/cl.mdt" $k && fail "parent trace holds child $k's mmap"
	n=0
	for f in "$WORK"/cl.mdt.*; do
		[ -f "$f" ] && has_map "$f" $k && n=$((n + 1))
	done
	[ $n -eq 1 ] || fail "child $k's mmap is in $n child traces, not 1"
done
# the parent recorded three forks with the children's pids
forks=$(dump cl | awk '$2 == 14 && $11 > 0' | wc -l)
[ "$forks" -eq 3 ] || fail "$forks FORK records in the parent, not 3"
exit 0
