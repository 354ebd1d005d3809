#!/bin/sh
# fifo.sh - a FIFO or a device where a file is read (the trace, its index,
# the parent trace a header names) is refused without being opened: no
# command waits for a writer that never comes (mdtrace(1), FILES;
# mdtrace-trace(5), READING).
. "$(dirname "$0")/common.sh"
need_cmd python3
record t
mkfifo "$WORK/fifo.mdt" || fail "mkfifo"
for cmd in "events" "hazards" "stats" "verify" "maps" "query"; do
	set -- $cmd "$WORK/fifo.mdt"
	[ "$cmd" = query ] && set -- "$@" 0x1000 4k
	bounded "$MDTRACE" "$@"
	one_line 1 "fifo.mdt: not a regular file"
done
echo "ok: a FIFO trace: $(cat "$WORK/e")"

# the index beside the trace: one warning, and the answer of a full replay
MDTRACE_NO_INDEX=1 "$MDTRACE" query "$WORK/t.mdt" "$A" 4k >"$WORK/want" || fail "query failed"
rm -f "$WORK/.t.mdt.idx"
mkfifo "$WORK/.t.mdt.idx" || fail "mkfifo"
bounded "$MDTRACE" query "$WORK/t.mdt" "$A" 4k
[ "$(cat "$WORK/rc")" -eq 0 ] || fail "query with a FIFO index: exit $(cat "$WORK/rc"): $(cat "$WORK/e")"
cmp -s "$WORK/o" "$WORK/want" || fail "query with a FIFO index answers otherwise: $(cat "$WORK/o")"
one_line 0 "\.t\.mdt\.idx: not a regular file"
echo "ok: a FIFO index: $(cat "$WORK/e")"

# the parent trace named in the header: a FIFO, a device
for parent in "$WORK/fifo.mdt" /dev/ptmx /dev/zero; do
	cp "$WORK/t.mdt" "$WORK/c.mdt"
	set_parent "$WORK/c.mdt" "$parent" 5
	bounded "$MDTRACE" maps "$WORK/c.mdt"
	[ "$(cat "$WORK/rc")" -eq 0 ] || fail "maps with parent $parent: exit $(cat "$WORK/rc"): $(cat "$WORK/e")"
	grep -q "^mdtrace: .*parent trace unavailable ($parent: not a regular file)" "$WORK/e" ||
		fail "no warning about parent $parent: $(cat "$WORK/e")"
done
echo "ok: a FIFO or device as the parent trace: $(head -1 "$WORK/e")"
