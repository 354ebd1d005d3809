#!/bin/sh
# SIGKILL while the newest records are only in the ring: every mmap/munmap
# pair the program finished is in the trace (the ring is part of the file).
. "$(dirname "$0")/common.sh"
need "$W/ring"
past() { [ "$(done_pairs)" -gt "$1" ] 2>/dev/null; }

# kill_run: run the counting program, SIGKILL it past 20000 pairs (40000
# records: the ring has turned over many times); c gets the pairs done
kill_run() {
	rm -f "$WORK/k.mdt" "$WORK/count"
	MDTRACE_OUTPUT=$WORK/k.mdt LD_PRELOAD=$PRELOAD "$W/ring" count "$WORK/count" >/dev/null &
	pid=$!
	until_up "ring never got going" 400 past 20000
	kill -9 $pid
	wait $pid 2>/dev/null
	c=$(done_pairs)
}
on_exit() { kill -9 $pid 2>/dev/null; }
# A kill just after a flush leaves the ring empty, which proves nothing:
# then again (it is one chance in hundreds).
for try in 1 2 3 4 5; do
	kill_run
	[ "$(hdr "$WORK/k.mdt" committed)" -lt "$(hdr "$WORK/k.mdt" reserved)" ] && break
	[ $try -lt 5 ] || fail "nothing was left in the ring in 5 runs: the test proves nothing"
done
walk "$WORK/k.mdt" > "$WORK/recs"
tail -1 "$WORK/recs" | grep -Eq '^# end .* reason=(uncommitted|end)$' ||
	fail "walker did not stop cleanly: $(tail -1 "$WORK/recs")"
mm=$(awk '$2 == "MMAP" && $6 == "0x3000"' "$WORK/recs" | wc -l)
mu=$(awk '$2 == "MUNMAP" && $6 == "0x3000"' "$WORK/recs" | wc -l)
# the kill may land after a call's record and before the count moved
[ "$mu" -ge "$c" ] && [ "$mu" -le $((c + 1)) ] || fail "$mu munmap records for $c pairs done"
[ "$mm" -ge "$c" ] && [ "$mm" -le $((c + 1)) ] || fail "$mm mmap records for $c pairs done"
exit 0
