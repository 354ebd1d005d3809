#!/bin/sh
# unseen.sh - iconv makes libc dlopen a gconv module with the loader's own
# calls (no interposed dlopen sees them).  With syscall user dispatch the
# loader's mmaps are recorded and the table is the kernel's at exit; with
# dispatch off (MDTRACE_SUD=off) the change is unseen and must not pass
# silently: `mdtrace run` warns that the address space at exit differs
# from what it observed, and `mdtrace verify` fails naming the module.  A
# program without such changes gets no warning.
mdtrace=./cli/mdtrace
cc=${CC:-cc}
. "$(dirname "$0")/../init.sh"
need_cmd "$cc" "no C compiler"
tmp=$WORK
cat >"$tmp/ic.c" <<'C'
#include <iconv.h>
#include <stdio.h>
int main(void)
{
	iconv_t c = iconv_open("UTF-8", "ISO-8859-2");
	puts(c == (iconv_t)-1 ? "no converter" : "converter");
	return 0;
}
C
"$cc" -o "$tmp/ic" "$tmp/ic.c" || exit 99
[ "$("$tmp/ic")" = converter ] || { echo "iconv has no ISO-8859-2 module here: skip"; exit 77; }
$mdtrace run -o "$tmp/seen.mdt" "$tmp/ic" >"$tmp/out" 2>"$tmp/err" || { echo "FAIL: run"; cat "$tmp/err"; exit 1; }
! grep -q WARNING "$tmp/err" || { echo "FAIL: warnings with dispatch armed:"; cat "$tmp/err"; exit 1; }
$mdtrace verify "$tmp/seen.mdt" >"$tmp/verify" 2>&1 || { echo "FAIL: verify with dispatch armed:"; head "$tmp/verify"; exit 1; }
$mdtrace events "$tmp/seen.mdt" | grep -A1 "^[0-9]* .* mmap(.*MAP_DENYWRITE.*\[trapped\]" |
	grep -q " ld-linux-x86-64.so.2+" ||
	{ echo "FAIL: the loader's own mmaps of the gconv module are not in the trace"; exit 1; }
MDTRACE_SUD=off $mdtrace run -o "$tmp/ic.mdt" "$tmp/ic" >"$tmp/out" 2>"$tmp/err" || { echo "FAIL: run"; cat "$tmp/err"; exit 1; }
grep -q "differed from what was observed" "$tmp/err" || { echo "FAIL: no warning about unseen changes:"; cat "$tmp/err"; exit 1; }
if $mdtrace verify "$tmp/ic.mdt" >"$tmp/verify" 2>&1; then
	echo "FAIL: verify agreed although the gconv module was mapped unseen"
	exit 1
fi
grep -q "ISO8859-2" "$tmp/verify" || { echo "FAIL: verify did not name the module:"; head "$tmp/verify"; exit 1; }
echo 'int main(void) { return 0; }' >"$tmp/plain.c"
"$cc" -o "$tmp/plain" "$tmp/plain.c" || exit 99
$mdtrace run -o "$tmp/plain.mdt" "$tmp/plain" 2>"$tmp/err2"
if grep -q WARNING "$tmp/err2"; then
	echo "FAIL: a program without unseen changes got a warning:"
	cat "$tmp/err2"
	exit 1
fi
echo "ok: the loader's calls are seen with dispatch, and reported by run and verify without"
