#!/bin/sh
# (c) 4 threads x 20000 mmap/munmap: one record per call, event numbers
# unique and contiguous, nothing dropped.
. "$(dirname "$0")/common.sh"
preloaded c "$W/prog" threads || fail "prog failed"
walk "$WORK/c.mdt" > "$WORK/recs"
mm=$(awk '$2 == "MMAP" && $6 == "0x7000" && $4 == 0' "$WORK/recs" | wc -l)
mu=$(awk '$2 == "MUNMAP" && $6 == "0x7000" && $11 == "0x0"' "$WORK/recs" | wc -l)
[ "$mm" -eq 80000 ] || fail "$mm MMAP records for 80000 calls"
[ "$mu" -eq 80000 ] || fail "$mu MUNMAP records for 80000 calls"
grep -v '^#' "$WORK/recs" | cut -d' ' -f1 | sort -n > "$WORK/seqs"
awk '$1 != NR { print "seq " $1 " at rank " NR; exit 1 }' "$WORK/seqs" || fail "seq not unique and contiguous"
[ "$(wc -l < "$WORK/seqs")" -eq $(( $(hdr "$WORK/c.mdt" next_seq) - 1 )) ] || fail "records != events numbered"
[ "$(hdr "$WORK/c.mdt" dropped)" = 0 ] || fail "records dropped"
[ "$(awk '$2 == "MMAP" && $6 == "0x7000" { print $3 }' "$WORK/recs" | sort -u | wc -l)" -eq 4 ] ||
	fail "expected the calls from 4 thread ids"
exit 0
