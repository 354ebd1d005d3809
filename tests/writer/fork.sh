#!/bin/sh
# (d) fork: the child writes <PATH>.<childpid> naming the parent's trace and
# the parent's FORK event; the parent records FORK with the child's pid.
. "$(dirname "$0")/common.sh"
preloaded d "$W/prog" fork > "$WORK/out" || fail "prog failed"
child=$(sed -n 's/^child //p' "$WORK/out")
ct=$WORK/d.mdt.$child
[ -f "$ct" ] || fail "no child trace $ct"
walk "$WORK/d.mdt" > "$WORK/precs"
walk "$ct" > "$WORK/crecs"
fseq=$(awk -v p="$(printf '0x%x' "$child")" '$2 == "FORK" && $11 == p { print $1 }' "$WORK/precs")
[ -n "$fseq" ] || fail "parent has no FORK record returning $child"
[ "$(hdr "$ct" parent_trace)" = "$WORK/d.mdt" ] || fail "parent_trace is '$(hdr "$ct" parent_trace)'"
[ "$(hdr "$ct" parent_seq)" = "$fseq" ] || fail "parent_seq $(hdr "$ct" parent_seq) != FORK seq $fseq"
[ "$(hdr "$ct" pid)" = "$child" ] || fail "child header pid"
[ "$(awk 'NR == 1 { print $1, $2 }' "$WORK/crecs")" = "1 SEED" ] || fail "child trace does not start with a seed"
extra "$ct" 1 | grep -q "d\.mdt\.$child\$" || fail "child seed lacks its own trace mapping"
extra "$ct" 1 | grep -q "d\.mdt\$" && fail "child seed still maps the parent's trace"
cm=$(awk '$2 == "MARK" { print $1 }' "$WORK/crecs")
[ "$(extra "$ct" "$cm")" = child ] || fail "child mark missing"
[ -z "$(awk '$2 == "MARK" && $3 != '"$(hdr "$WORK/d.mdt" pid)"'' "$WORK/precs")" ] ||
	fail "the child wrote into the parent's trace"
exit 0
