#!/bin/sh
# SIGKILL while the newest records are only in the ring: every mmap/munmap
# pair the program finished is in the trace (the ring is part of the file).
. "$(dirname "$0")/common.sh"
need "$W/ring"
MDTRACE_OUTPUT=$WORK/k.mdt LD_PRELOAD=$PRELOAD "$W/ring" count "$WORK/count" >/dev/null &
pid=$!
on_exit() { kill -9 $pid 2>/dev/null; }
i=0
# 20000 pairs are 40000 records: the ring has turned over many times
until [ "$(done_pairs)" -gt 20000 ] 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 400 ] || { kill -9 $pid; fail "ring never got going"; }
	sleep 0.05
done
kill -9 $pid
wait $pid 2>/dev/null
c=$(done_pairs)
[ "$(hdr "$WORK/k.mdt" committed)" -lt "$(hdr "$WORK/k.mdt" reserved)" ] ||
	fail "nothing was left in the ring: the test proves nothing"
walk "$WORK/k.mdt" > "$WORK/recs"
tail -1 "$WORK/recs" | grep -Eq '^# end .* reason=(uncommitted|end)$' ||
	fail "walker did not stop cleanly: $(tail -1 "$WORK/recs")"
mm=$(awk '$2 == "MMAP" && $6 == "0x3000"' "$WORK/recs" | wc -l)
mu=$(awk '$2 == "MUNMAP" && $6 == "0x3000"' "$WORK/recs" | wc -l)
# the kill may land after a call's record and before the count moved
[ "$mu" -ge "$c" ] && [ "$mu" -le $((c + 1)) ] || fail "$mu munmap records for $c pairs done"
[ "$mm" -ge "$c" ] && [ "$mm" -le $((c + 1)) ] || fail "$mm mmap records for $c pairs done"
exit 0
