#!/bin/sh
# A signal handler that writes more records than the margin the writer
# keeps ahead, while its thread is inside a grow of the trace file (the
# kernel's SIGXFSZ from that grow's fallocate, mdtrace-trace(5), dropped):
# the handler grows the file itself, so nothing is dropped, the trace
# walks to its end, and every pair of either is recorded once.
. "$(dirname "$0")/common.sh"
need "$W/ring"
# no stacks: records of 104 bytes; 4000 pairs in the handler are 800 KiB,
# past the 512 KiB margin
timeout 120 env MDTRACE_OUTPUT="$WORK/g.mdt" MDTRACE_STACKS=0 LD_PRELOAD="$PRELOAD" \
	"$W/ring" xfsz "$WORK/g.mdt" 4000 > "$WORK/out" || fail "failed ($?): $(cat "$WORK/out")"
read -r _ main _ handler < "$WORK/out"
[ "$(hdr "$WORK/g.mdt" dropped)" = 0 ] || fail "$(hdr "$WORK/g.mdt" dropped) records dropped"
walk "$WORK/g.mdt" > "$WORK/recs"
tail -1 "$WORK/recs" | grep -q 'reason=end$' || fail "walk: $(tail -1 "$WORK/recs")"
pairs "$WORK/recs" "$main" "$handler"
exit 0
