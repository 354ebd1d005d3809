#!/bin/sh
# runpath.sh - dlopen of a bare name must search the calling program's own
# DT_RUNPATH ($ORIGIN) under the library, as it does without it: the
# dlopen wrapper must not make the loader think the caller is mdtrace.
. "$(dirname "$0")/common.sh"
cc=${CC:-cc}
need_cmd "$cc" "no C compiler"
mkdir -p "$WORK/sub"
echo 'int x(void) { return 42; }' >"$WORK/x.c"
cat >"$WORK/p.c" <<'C'
#include <dlfcn.h>
#include <stdio.h>
int main(void)
{
	void *h = dlopen("libx.so", RTLD_NOW);
	int (*x)(void) = h ? (int (*)(void))dlsym(h, "x") : NULL;
	printf("%s\n", x ? (x() == 42 ? "found" : "wrong") : dlerror());
	return 0;
}
C
"$cc" -shared -fPIC -o "$WORK/sub/libx.so" "$WORK/x.c" || exit 99
"$cc" -o "$WORK/p" "$WORK/p.c" -ldl -Wl,--enable-new-dtags,-rpath,'$ORIGIN/sub' || exit 99
plain=$("$WORK/p")
[ "$plain" = found ] || { echo "the test program itself fails: $plain"; exit 99; }
traced=$(preloaded rp "$WORK/p")
[ "$traced" = "$plain" ] || fail "dlopen through RUNPATH: '$traced' under mdtrace, '$plain' without"
dump rp | awk '$2 == 13 { n++ } END { exit !(n >= 1) }' || fail "no reconcile record for the dlopen"
echo "ok: RUNPATH dlopen works under the library and is recorded"
