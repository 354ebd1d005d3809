#!/bin/sh
# (e) dlopen/dlclose: RECONCILE records whose maps text (after the path
# prefix of args[1] bytes) contains the library, then no longer does.
. "$(dirname "$0")/common.sh"
lib=$(readlink -f "$W/.libs/libmdtdltest.so")
[ -f "$lib" ] || fail "no test library"
preloaded e "$W/prog" dl "$lib" > "$WORK/out" || fail "prog failed"
handle=$(sed -n 's/^handle //p' "$WORK/out")
walk "$WORK/e.mdt" > "$WORK/recs"
set -- $(awk -v h="$handle" '$2 == "RECONCILE" && $5 == "0x1" && $11 == h { print $1, $6 }' "$WORK/recs")
[ $# -eq 2 ] || fail "no dlopen RECONCILE returning $handle"
os=$1 ol=$(($2))
set -- $(awk -v h="$handle" '$2 == "RECONCILE" && $5 == "0x2" && $7 == h && $11 == "0x0" { print $1, $6 }' "$WORK/recs")
[ $# -eq 2 ] || fail "no dlclose RECONCILE of $handle"
cs=$1 cl=$(($2))
[ "$os" -lt "$cs" ] || fail "dlclose before dlopen"
[ "$(extra "$WORK/e.mdt" "$os" | head -c "$ol")" = "$lib" ] || fail "dlopen path prefix"
extra "$WORK/e.mdt" "$os" | tail -c +$((ol + 1)) > "$WORK/open.maps"
extra "$WORK/e.mdt" "$cs" | tail -c +$((cl + 1)) > "$WORK/close.maps"
grep -q '^[0-9a-f]*-[0-9a-f]* r' "$WORK/open.maps" || fail "dlopen extra is not maps text"
grep -q " $lib\$" "$WORK/open.maps" || fail "maps after dlopen lack $lib"
grep -q " $lib\$" "$WORK/close.maps" && fail "maps after dlclose still show $lib"
[ -n "$(awk '$2 == "MODULE" { print $1 }' "$WORK/recs" | while read s; do extra "$WORK/e.mdt" "$s" | grep -a "$lib"; done)" ] ||
	fail "no MODULE record for $lib"
exit 0
