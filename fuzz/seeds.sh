#!/bin/sh
# seeds.sh - the fuzzers' seed corpus, made from real traces, in
# fuzz/seeds/TARGET/ of the build directory (make fuzz starts from it;
# fuzz/regress.sh replays it): traces of the test programs made small
# (fuzz/mkseed), each with the index the commands make for it, the maps
# texts of real processes, tokens, and the test programs' ELF files.
. "$(dirname "$0")/../tests/init.sh"
need_cmd python3
T=$PWD/fuzz/seeds
MKSEED=$PWD/fuzz/mkseed
need "$MDTRACE" "$MKSEED" "$PWD/tests/checkpoint/prog" "$PWD/examples/aba" "$PWD/tests/writer/prog" \
	"$PWD/tests/live/prog"
rm -rf "$T"
mkdir -p "$T/trace" "$T/index" "$T/maps" "$T/token" "$T/elf" || fail "mkdir"

# trace NAME PROG [ARG...]: run PROG traced; each trace it wrote (a fork
# child's too) becomes seeds: its first records and its last, and all of it
trace() {
	_n=$1
	shift
	"$MDTRACE" run -o "$WORK/$_n.mdt" "$@" >/dev/null 2>"$WORK/$_n.err" || fail "run $*: $(cat "$WORK/$_n.err")"
	for _t in "$WORK/$_n.mdt"*; do
		_b=$(basename "$_t")
		"$MKSEED" "$_t" "$T/trace/$_b.head" 40 3 || fail "mkseed $_t"
		"$MKSEED" "$_t" "$T/trace/$_b.all" 1000000 0 || fail "mkseed $_t"
	done
}
trace aba "$PWD/examples/aba"
trace prog "$PWD/tests/checkpoint/prog" 8
trace fork "$PWD/tests/writer/prog" fork

# index: a 4-byte length, a trace, its index (fuzz/index.c)
for s in "$T/trace/"*; do
	cp "$s" "$WORK/s.mdt"
	rm -f "$WORK/.s.mdt.idx"
	MDTRACE_INDEX_EVERY=4 "$MDTRACE" maps --at=2 "$WORK/s.mdt" >/dev/null 2>&1
	[ -f "$WORK/.s.mdt.idx" ] || continue
	python3 - "$WORK/s.mdt" "$WORK/.s.mdt.idx" "$T/index/$(basename "$s")" <<'PY' || fail "pack"
import struct, sys
t, i = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
open(sys.argv[3], "wb").write(struct.pack("<I", len(t)) + t + i)
PY
done

# maps: one process's maps, a NUL, another's (fuzz/maps.c)
{ cat /proc/self/maps; printf '\0'; cat /proc/self/maps; } >"$T/maps/cat"
{ cat /proc/self/maps; printf '\0'; } >"$T/maps/seed-only"
{ "$PWD/tests/checkpoint/prog" 0 >/dev/null; cat /proc/self/maps; printf '\0'; head -3 /proc/self/maps; } >"$T/maps/fewer"

# token: the shapes of mdtrace(1)'s tokens (the target makes the digest)
printf '%s' "mdt1:12272:1795469085331551984:a7c139:37:37:inout:contract:7fafd739a000+10000:9880a95135f14f2e:943732567cf864dc" >"$T/token/one"
printf '%s' "mdt1:1:1:1:1:1:out:dma:1000+1000,3000+2000,ffff0000+1:0000000000000000:0000000000000000" >"$T/token/three"
printf '%s' "mdt1:2147483647:18446744073709551615:ffffffffffffffff:9:8:in:contract:0+1:ffffffffffffffff:0000000000000000" >"$T/token/max"

# elf: the test programs and a module (with and without DWARF)
cp "$PWD/examples/aba" "$T/elf/aba" && cp "$PWD/tests/live/prog" "$T/elf/live-prog" &&
	cp "$PWD/tests/checkpoint/prog" "$T/elf/checkpoint-prog" || fail "cp"
strip -o "$T/elf/live-prog.stripped" "$PWD/tests/live/prog" 2>/dev/null
for d in trace index maps token elf; do
	echo "seeds: $d: $(ls "$T/$d" | wc -l) inputs, $(cat "$T/$d"/* | wc -c) bytes"
done
