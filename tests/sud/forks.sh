#!/bin/sh
# forks.sh - a raw fork's child gets its own trace, is armed, and its
# inline calls are recorded; a raw vfork's child execs with its trace.
. "$(dirname "$0")/common.sh"
both fork
agrees "$WORK/t.mdt"
child=$(ls "$WORK"/t.mdt.* 2>/dev/null | grep -v '\.[0-9]*\.[0-9]*$' | while read -r f; do
	"$DUMP" "$f" | awk -v mm=$EV_MMAP '$2 == mm && $6 == 12288' | grep -q . && echo "$f"
done | head -1)
[ -n "$child" ] || fail "no fork child trace with the child's inline mmap: $(ls "$WORK")"
recorded "$child" child
agrees "$child"
execd=$(ls "$WORK"/t.mdt.*.1 2>/dev/null | head -1)
[ -n "$execd" ] || fail "no trace of the vfork child's exec: $(ls "$WORK")"
agrees "$execd"
exit 0
