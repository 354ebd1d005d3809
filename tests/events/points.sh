#!/bin/sh
# points.sh - --from and --at limit the log to the events between them.
. "$(dirname "$0")/common.sh"
trace
"$MDTRACE" events "$WORK/t.mdt" >"$WORK/all" || fail "mdtrace events failed"
seq_b=$(grep "] mmap(NULL, 4096, PROT_READ, .* = $B\$" "$WORK/all" | cut -d' ' -f1)
[ -n "$seq_b" ] || fail "no event for main's mmap"
"$MDTRACE" events --from="$seq_b" --at="$((seq_b + 1))" "$WORK/t.mdt" >"$WORK/two" || fail "--from/--at failed"
got=$(grep '^[0-9]' "$WORK/two" | cut -d' ' -f1 | tr '\n' ' ')
[ "$got" = "$seq_b $((seq_b + 1)) " ] || fail "--from=$seq_b --at=$((seq_b + 1)) listed events: $got"
"$MDTRACE" events --at="$seq_b" "$WORK/t.mdt" | grep '^[0-9]' | tail -1 | grep -q "^$seq_b " ||
	fail "--at=$seq_b does not end at event $seq_b"
echo "ok: --from/--at"
