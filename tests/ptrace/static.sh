#!/bin/sh
# static.sh - programs the preloaded library cannot enter (statically
# linked with glibc; linked with musl, dynamically and statically):
# `mdtrace run` (backend auto) traces each with the ptrace backend, says
# so, and `query` finds its ABA: a range unmapped and mapped again at the
# same address is `rebuilt`.
. "$(dirname "$0")/common.sh"
cat >"$WORK/aba.c" <<'C'
#include <stdio.h>
#include <sys/mman.h>
int main(void)
{
	char *p = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, 1 << 20);
	char *q = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fprintf(stderr, "ADDR %p %p\n", p, q);
	return p == q ? 0 : 3;
}
C
# aba NAME: $WORK/NAME (built from aba.c) under auto
aba() {
	n=$1
	rm -f "$WORK"/a.mdt*
	"$MDTRACE" run -o "$WORK/a.mdt" "$WORK/$n" 2>"$WORK/a.err"
	rc=$?
	[ $rc = 0 ] || fail "$n: the program's addresses differ (status $rc): $(cat "$WORK/a.err")"
	grep -q "(backend ptrace)" "$WORK/a.err" || fail "$n: auto did not choose ptrace: $(cat "$WORK/a.err")"
	! grep -q WARNING "$WORK/a.err" || fail "$n: warned: $(cat "$WORK/a.err")"
	agree a
	addr=$(sed -n 's/^ADDR \(0x[0-9a-f]*\) .*/\1/p' "$WORK/a.err")
	seqs=$("$DUMP" "$WORK/a.mdt" | awk -v mm=$EV_MMAP -v a=$((addr)) '$2 == mm && $11 == a { printf "%s ", $1 }')
	set -- $seqs
	[ $# = 2 ] || fail "$n: the two mmaps at $addr are not both recorded: $seqs"
	out=$("$MDTRACE" query --from=$1 --at=$2 "$WORK/a.mdt" "$addr" 1M)
	echo "$out" | head -1 | grep -q '^rebuilt' || fail "$n: query: $out"
	out=$("$MDTRACE" query --from=$2 --at=end "$WORK/a.mdt" "$addr" 1M)
	echo "$out" | head -1 | grep -q '^reused' || fail "$n: query after the second mmap: $out"
	"$MDTRACE" stats "$WORK/a.mdt" | head -1 | grep -q 'backend ptrace' || fail "$n: stats does not name the backend"
}

${CC:-cc} -static -O2 -o "$WORK/glibc-static" "$WORK/aba.c" || exit 99
aba glibc-static
command -v musl-gcc >/dev/null || fail "no musl-gcc (./build.sh check installs musl-tools)"
musl-gcc -O2 -o "$WORK/musl" "$WORK/aba.c" || exit 99
aba musl
musl-gcc -static -O2 -o "$WORK/musl-static" "$WORK/aba.c" || exit 99
aba musl-static
exit 0
