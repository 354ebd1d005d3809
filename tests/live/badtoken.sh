#!/bin/sh
# badtoken.sh - malformed tokens are refused before any trace is read: one
# line "mdtrace: query: bad token: ...", exit 2, nothing on stdout.
. "$(dirname "$0")/common.sh"
start a
TOKEN=$("$MDTRACE" capture --pid="$PID" "$BLOCK" 4096 2>"$WORK/err") || fail "capture failed: $(cat "$WORK/err")"
case $TOKEN in mdt1:*:*:*:*:*:*:*:*:*:*) ;; *) fail "unexpected token shape: $TOKEN" ;; esac
[ "$(printf '%s' "$TOKEN" | tr -d 'a-z0-9:+,' | wc -c)" -eq 0 ] || fail "token has other characters: $TOKEN"
# each: TOKEN_TEXT WORDS
check() {
	"$MDTRACE" query --pid="$PID" "$1" >"$WORK/out" 2>"$WORK/err"
	one_error $? 2 "$WORK/err" "query: bad token: $2"
	[ ! -s "$WORK/out" ] || fail "output for a bad token: $(cat "$WORK/out")"
}
check "" "not an mdtrace token"
check "hello" "not an mdtrace token"
check "mdt9:$(printf '%s' "$TOKEN" | cut -c6-)" "token version 'mdt9' is not supported"
check "$(printf '%s' "$TOKEN" | sed 's/.$//')" "the token is cut short or damaged"
check "$(printf '%s' "$TOKEN" | sed 's/:\([0-9]*\):/:1\1:/')" "the token is damaged (its check digest does not match)"
check "${TOKEN}0" "the token is cut short or damaged"
check "$TOKEN " "the token is cut short or damaged"
check "$(head -c 20000 /dev/zero | tr '\0' 7)" "too long to be a token"
check "mdt1:$(head -c 300 /dev/zero | tr '\0' ':')" "the token is cut short or damaged"
echo "ok: malformed tokens are usage errors"
