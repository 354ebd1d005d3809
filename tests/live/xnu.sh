#!/bin/sh
# xnu.sh - a token captured with --policy=xnu carries the policy to query
# --pid: a range starting inside the block is rebuilt under xnu (its entry
# is not at offset 0 of its object) and reused under contract, with nothing
# changed in between.
. "$(dirname "$0")/common.sh"
start a
inside=$(printf '%#x' $((BLOCK + 4096)))
for pol in xnu contract; do
	TOKEN=$("$MDTRACE" capture --pid="$PID" --policy=$pol "$inside" 8192 2>"$WORK/err") ||
		fail "capture --policy=$pol failed: $(cat "$WORK/err")"
	case $TOKEN in
	*:inout:$pol:*) ;;
	*) fail "the token does not carry policy $pol: $TOKEN" ;;
	esac
	"$MDTRACE" query --pid="$PID" --json "$TOKEN" >"$WORK/$pol" 2>"$WORK/err" ||
		fail "query ($pol) failed: $(cat "$WORK/err")"
done
grep -q '"verdict":"rebuilt",.*"reason_code":"not at offset 0"' "$WORK/xnu" ||
	fail "expected rebuilt (not at offset 0) under xnu: $(cat "$WORK/xnu")"
grep -q '"verdict":"reused"' "$WORK/contract" ||
	fail "expected reused under contract: $(cat "$WORK/contract")"
echo "ok: xnu rebuilt, contract reused"
