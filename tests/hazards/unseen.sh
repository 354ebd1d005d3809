#!/bin/sh
# unseen.sh - where a recorded call's result shows that the address space
# changed by no recorded call, every reader says so instead of a silent
# wrong verdict (mdtrace(1), UNSEEN CHANGES): an mmap placed on pages the
# table had mapped (they were given back unseen), an mprotect that
# succeeded on pages the table had free (a MAP_GROWSDOWN mapping grew).
. "$(dirname "$0")/common.sh"
P=$PWD/tests/hazards/unseen
need "$P"
MDTRACE_SUD=off "$MDTRACE" run -o "$WORK/u.mdt" "$P" unmapped 2>"$WORK/u.err" ||
	fail "unmapped: the program's pages moved: $(cat "$WORK/u.err")"
addr=$(sed -n 's/^ADDR //p' "$WORK/u.err")
grep -q "found $addr-.* free where the table had them mapped" "$WORK/u.err" ||
	fail "run did not name the unseen unmapping: $(cat "$WORK/u.err")"
"$MDTRACE" hazards "$WORK/u.mdt" >"$WORK/hz" 2>"$WORK/hz.err"
grep -q "by no recorded call" "$WORK/hz" || fail "hazards blamed a call: $(cat "$WORK/hz")"
! grep -q "live pages replaced by the same call" "$WORK/hz" ||
	fail "hazards says the mmap replaced live pages"
grep -q "UNSEEN CHANGES" "$WORK/hz.err" || fail "hazards did not warn"
"$MDTRACE" hazards --json "$WORK/u.mdt" 2>/dev/null | grep -q '"unseen":true' ||
	fail "hazards --json has no unseen"
"$MDTRACE" stats "$WORK/u.mdt" >/dev/null 2>"$WORK/st.err"
grep -q "UNSEEN CHANGES" "$WORK/st.err" || fail "stats did not warn"
# with dispatch the munmap is seen: nothing to say
"$MDTRACE" run -o "$WORK/s.mdt" "$P" unmapped 2>"$WORK/s.err" || fail "$(cat "$WORK/s.err")"
! grep -q "UNSEEN" "$WORK/s.err" || fail "a complete trace was said to hold an unseen change"

"$MDTRACE" run -o "$WORK/g.mdt" "$P" grown 2>"$WORK/g.err" || fail "grown: $(cat "$WORK/g.err")"
addr=$(sed -n 's/^ADDR //p' "$WORK/g.err")
grep -q "found $addr-.* mapped where the table had them free" "$WORK/g.err" ||
	fail "run did not name the grown page: $(cat "$WORK/g.err")"
"$MDTRACE" query --json "$WORK/g.mdt" "$addr" 4096 >/dev/null 2>"$WORK/q.err"
grep -q "UNSEEN CHANGES" "$WORK/q.err" || fail "query did not warn: $(cat "$WORK/q.err")"
exit 0
