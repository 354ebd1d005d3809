#!/bin/sh
# (b) SIGKILL mid-loop: every record before the kill is whole and committed;
# the reader stops cleanly at the first record that is not.
. "$(dirname "$0")/common.sh"
MDTRACE_OUTPUT=$WORK/b.mdt LD_PRELOAD=$PRELOAD "$W/prog" loop > "$WORK/out" &
pid=$!
until_up "prog never got ready" 200 grep -qs ready "$WORK/out"
kill -9 $pid
wait $pid 2>/dev/null
walk "$WORK/b.mdt" > "$WORK/recs"
tail -1 "$WORK/recs" | grep -Eq '^# end .* reason=(uncommitted|end)$' ||
	fail "walker did not stop cleanly: $(tail -1 "$WORK/recs")"
n=$(grep -vc '^#' "$WORK/recs")
next=$(hdr "$WORK/b.mdt" next_seq)
# one thread: at most one record was being written when the kill came
[ "$n" -ge $((next - 2)) ] || fail "$n records readable, $((next - 1)) numbered"
grep -v '^#' "$WORK/recs" | awk '$1 != NR { print "seq " $1 " at record " NR; exit 1 }' ||
	fail "records before the kill are not all there"
[ "$(awk '$2 == "MARK"' "$WORK/recs" | wc -l)" -gt 2000 ] || fail "fewer marks than loops"
[ $(( $(hdr "$WORK/b.mdt" flags) & 2 )) -eq 0 ] || fail "a killed trace claims to be closed"
exit 0
