#!/bin/sh
# (a) known calls and marks appear in order with the kernel's arguments and
# results; the trace is closed normally.
. "$(dirname "$0")/common.sh"
preloaded a "$W/prog" basic > "$WORK/out" || fail "prog failed"
walk "$WORK/a.mdt" > "$WORK/recs"
set -- $(sed -n 's/^mmap //p' "$WORK/out"); addr=$1 len=$(printf '0x%x' "$2")
errno=$(awk '$1 == "badmunmap" { print $3 }' "$WORK/out")
[ "$(awk 'NR == 1 { print $1, $2 }' "$WORK/recs")" = "1 SEED" ] || fail "first record is not seq 1 SEED"
[ "$(grep -v '^#' "$WORK/recs" | tail -1 | cut -d' ' -f2)" = END ] || fail "last record is not END"
[ $(( $(hdr "$WORK/a.mdt" flags) & 2 )) -eq 2 ] || fail "MD_TF_CLOSED not set"

marks=$(awk '$2 == "MARK" { print $1 }' "$WORK/recs")
set -- $marks
[ $# -eq 2 ] || fail "expected 2 marks, got $#"
m1=$1 m2=$2
[ "$(extra "$WORK/a.mdt" "$m1")" = begin ] || fail "first mark label"
[ "$(extra "$WORK/a.mdt" "$m2")" = done ] || fail "second mark label"
s_map=$(awk -v a="$addr" -v l="$len" '$2 == "MMAP" && $6 == l && $11 == a && $4 == 0 { print $1 }' "$WORK/recs")
s_unmap=$(awk -v a="$addr" -v l="$len" '$2 == "MUNMAP" && $5 == a && $6 == l && $11 == "0x0" && $4 == 0 { print $1 }' "$WORK/recs")
s_bad=$(awk -v e="$errno" '$2 == "MUNMAP" && $5 == "0x1" && $6 == "0x1000" && $4 == e && ($11 == "0xffffffffffffffff" || $11 == "0xffffffffffffffea") { print $1 }' "$WORK/recs")
[ -n "$s_map" ] || fail "no MMAP record of $len returning $addr"
[ -n "$s_unmap" ] || fail "no MUNMAP record of $addr $len"
[ -n "$s_bad" ] || fail "no failed MUNMAP(0x1) with err $errno"
[ "$m1" -lt "$s_map" ] && [ "$s_map" -lt "$s_unmap" ] && [ "$s_unmap" -lt "$s_bad" ] &&
	[ "$s_bad" -lt "$m2" ] || fail "order: mark $m1 mmap $s_map munmap $s_unmap bad $s_bad mark $m2"
tid=$(awk -v s="$m1" '$1 == s { print $3 }' "$WORK/recs")
[ "$tid" = "$(hdr "$WORK/a.mdt" pid)" ] || fail "main thread's tid $tid is not the pid"
exit 0
