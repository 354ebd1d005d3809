#!/bin/sh
# regcache.sh - examples/regcache, linked with libmdtrace, run plainly (the
# capture the library installs when it loads) and under `mdtrace run`:
# the naive cache hands back a stale registration, the checked cache sees
# the unchanged buffer reused, the ABA rebuilt and the unmapped buffer null,
# and the evented cache drops its entry when the pages are unmapped.
. "$(dirname "$0")/../init.sh"
PROG=$PWD/examples/regcache
need "$MDTRACE" "$PROG"

# What the program prints, with its buffer's address as ADDR and each
# verdict's reason (mdtrace_desc_explain) cut to its first word.
cat >"$WORK/want" <<'END'
regcache: mapped ADDR+65536
naive: register ADDR+65536: key 1
checked: register ADDR+65536: key 1
evented: register ADDR+65536: key 1
naive: lookup ADDR+65536: hit, key 1
checked: lookup ADDR+65536: reused, key 1 [reused]
evented: lookup ADDR+65536: hit, key 1
regcache: unmapped ADDR+65536
evented: unmapped ADDR+65536: entry with key 1 dropped
regcache: mapped ADDR+65536 again (same address, new memory)
naive: lookup ADDR+65536: hit, key 1
naive: stale: key 1 was registered for the memory unmapped above
checked: lookup ADDR+65536: rebuilt, registered again: key 2 [rebuilt]
evented: lookup ADDR+65536: miss
evented: register ADDR+65536: key 2
regcache: unmapped ADDR+65536
evented: unmapped ADDR+65536: entry with key 2 dropped
checked: lookup ADDR+65536: null (Bad address), entry with key 2 dropped [null]
regcache: the naive cache returned a stale registration; the mdtrace caches caught the ABA (checked: rebuilt, evented: dropped on unmap)
END
# the buffer is 16 pages
pages=$((16 * $(getconf PAGESIZE)))
[ "$pages" = 65536 ] || sed -i "s/+65536/+$pages/" "$WORK/want"

# check NAME RC: run NAME exited RC and printed what is wanted.
check() {
	[ "$2" -eq 0 ] || fail "$1: exit $2: $(cat "$WORK/$1.out" "$WORK/$1.err")"
	addr=$(sed -n 's/^regcache: mapped \(0x[0-9a-f]*\)+[0-9]*$/\1/p' "$WORK/$1.out")
	[ -n "$addr" ] || fail "$1: no address in: $(cat "$WORK/$1.out")"
	sed -e "s/$addr/ADDR/g" -e 's/ \[\([a-z]*\)[^]]*\]$/ [\1]/' "$WORK/$1.out" >"$WORK/$1.got"
	diff -u "$WORK/want" "$WORK/$1.got" || fail "$1: not what was wanted (above)"
}

"$PROG" >"$WORK/plain.out" 2>"$WORK/plain.err"
check plain $?

"$MDTRACE" run -o "$WORK/t.mdt" "$PROG" >"$WORK/run.out" 2>"$WORK/run.err"
check run $?
# the trace saw the ABA too
grep -q '^mdtrace: .* [1-9][0-9]* ABA reuse' "$WORK/run.err" ||
	fail "run: no ABA reuse in the summary: $(cat "$WORK/run.err")"
echo "ok: plainly and under mdtrace run: stale naive hit, reused, rebuilt, dropped on unmap, null"
