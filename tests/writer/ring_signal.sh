#!/bin/sh
# Signal handlers that map memory while the main flow is interrupted, some
# mid-record, some logging more than the ring holds: no hang, and every
# call of either is recorded exactly once.
. "$(dirname "$0")/common.sh"
need "$W/ring"
# no stacks: records of 104 bytes, a burst of 6000 is over twice the ring
timeout 120 env MDTRACE_OUTPUT="$WORK/s.mdt" MDTRACE_STACKS=0 LD_PRELOAD="$PRELOAD" \
	"$W/ring" sigload 5000 > "$WORK/out" || fail "hung or failed: $(cat "$WORK/out")"
read -r _ main _ handler _ signals < "$WORK/out"
[ "$signals" -ge 64 ] || fail "only $signals signals: too few bursts to interrupt a record"
walk "$WORK/s.mdt" > "$WORK/recs"
tail -1 "$WORK/recs" | grep -q 'reason=end$' || fail "walk: $(tail -1 "$WORK/recs")"
pairs "$WORK/recs" "$main" "$handler"
grep -v '^#' "$WORK/recs" | cut -d' ' -f1 | sort -n | uniq -d > "$WORK/dup"
[ ! -s "$WORK/dup" ] || fail "event numbers recorded twice: $(head -3 "$WORK/dup")"
[ "$(hdr "$WORK/s.mdt" dropped)" = 0 ] || fail "records dropped"
exit 0
