#!/bin/sh
# Verdicts: a descriptor captured before each give-back is rebuilt after the
# take-again (every occurrence), and `mdtrace query` over the same range
# says the same; the read-only range gets null for protection.
. "$(dirname "$0")/common.sh"
trace hzprog
json hazards hzprog
j=$WORK/hzprog.hazards.json
for i in 0 1; do
	check "group $i verdict" "$(py "$j" "d['aba'][$i]['verdict']")" rebuilt
	check "group $i all rebuilt" "$(py "$j" "d['aba'][$i]['verdicts']['rebuilt'] == d['aba'][$i]['count']")" True
done
check "access verdict" "$(py "$j" 'd["access"][0]["verdict"] + "/" + d["access"][0]["reason"]')" "null/protection"
for tag in ABA FIXED; do
	q=$("$MDTRACE" query --from=mark:before --at=mark:after "$WORK/hzprog.mdt" \
		"$(out hzprog $tag 1)" "$(out hzprog $tag 2)") || fail "query failed"
	check "query $tag" "${q%% *}" rebuilt
done
"$MDTRACE" hazards "$WORK/hzprog.mdt" >"$WORK/text" || fail "mdtrace hazards failed"
check "text verdict lines" "$(grep -c '^  verdict: rebuilt (backing changed)' "$WORK/text")" 2
