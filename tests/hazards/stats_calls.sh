#!/bin/sh
# stats: the calls of each type and their failures equal what the program
# says it made, over what the same program making none of them recorded
# (start-up, mdtrace's self-test, the thread, stdio); mdtrace's own calls
# (column "tool") are not the program's.
. "$(dirname "$0")/common.sh"
trace callcount
trace callcount base 0
json stats callcount
json stats base
s=$WORK/callcount.stats.json
b=$WORK/base.stats.json
get() { # FILE TYPE FIELD
	py "$1" "d['calls'].get('$2', {}).get('$3', 0)"
}
n=0
while read -r tag type calls failed; do
	[ "$tag" = CALLS ] || continue
	n=$((n + 1))
	mine=$(($(get "$s" $type calls) - $(get "$s" $type tool)))
	base=$(($(get "$b" $type calls) - $(get "$b" $type tool)))
	check "$type calls" $((mine - base)) "$calls"
	check "$type failed" $(($(get "$s" $type failed) - $(get "$b" $type failed))) "$failed"
done <"$WORK/callcount.out"
[ $n = 5 ] || fail "the program printed $n CALLS lines, not 5"
"$MDTRACE" stats "$WORK/callcount.mdt" >"$WORK/text" || fail "mdtrace stats failed"
mu=$(awk '/^calls:/ { on = 1 } on && $1 == "munmap" { print $2, $3; exit }' "$WORK/text")
check "text munmap line" "$mu" "$(get "$s" munmap calls) $(get "$s" munmap failed)"
