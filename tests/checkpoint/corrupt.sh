#!/bin/sh
# corrupt.sh - a damaged or hostile index gets one warning and the command
# answers as from a full replay, never crashing.
. "$(dirname "$0")/common.sh"
FORGE=$PWD/tests/checkpoint/forge
record t 300
T=$WORK/t.mdt
I=$WORK/.t.mdt.idx
cp "$I" "$WORK/good.idx"
size=$(wc -c <"$I")
at=$(($EVENTS * 2 / 3))

# check WHAT: the query with the damaged index in place warns once
check() {
	same query --at=$at "$T" "$A" 16384
	n=$(grep -c 'idx' "$WORK/err")
	[ "$n" -eq 1 ] || fail "$1: $n warnings about the index, not 1: $(cat "$WORK/err")"
	cp "$WORK/good.idx" "$I"
}

# invert one byte (writing a fixed value could leave it as it was)
b=$(od -An -tu1 -j $(($size / 2)) -N 1 "$I" | tr -d ' ')
printf "\\$(printf %o $((255 - b)))" | dd of="$I" bs=1 seek=$(($size / 2)) conv=notrunc 2>/dev/null
cmp -s "$I" "$WORK/good.idx" && fail "the byte did not change"
check "a flipped byte"
head -c $(($size / 2)) "$WORK/good.idx" >"$I"
check "truncated"
head -c 10000 /dev/urandom >"$I"
check "random bytes"
: >"$I"
check "empty"
# valid checksum, hostile contents
# (every checkpoint where only restoring it can tell)
for f in "nckpts 0xffffffff" "nckpts 0" "nmods 0xfffffff" "nfiles 0xffffffff all" \
	"npieces 0xffffffff all" "nranges 0xffffffff 2" "table_off 0xffffffffffffff00 4" \
	"ranges_off 0x7ffffffffff8 1" "off 0xffffffffffff 6" "ck_nmods 0xffffffff 6" \
	"fill 255 all" "fill 0 all" "mod_shift 4 0"; do
	"$FORGE" "$I" $f || fail "forge $f"
	check "forged $f"
done
echo "ok: damaged and hostile indexes warn once and are not used"
