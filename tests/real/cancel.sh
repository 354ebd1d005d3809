#!/bin/sh
# cancel.sh - pthread_cancel makes libc dlopen libgcc_s (the unwinder of a
# cancelled thread) with the loader's own calls, from inside libc.  Under
# each backend the loader's mappings are recorded and the table is the
# kernel's at exit (libgcc_s in it); with dispatch off the preload misses
# them and verify says so.  (NSS modules, the other such case, are inside
# libc itself from glibc 2.34 on: Debian 12's files and dns need no load.)
. "$(dirname "$0")/../init.sh"
cc=${CC:-cc}
need_cmd "$cc" "no C compiler"
cat >"$WORK/cancel.c" <<'C'
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
static void *sleeper(void *arg)
{
	for (;;)
		pause();
	return arg;
}
int main(void)
{
	pthread_t t;
	void *r;
	pthread_create(&t, 0, sleeper, 0);
	usleep(10000);
	pthread_cancel(t);
	pthread_join(t, &r);
	puts(r == PTHREAD_CANCELED ? "cancelled" : "not cancelled");
	return 0;
}
C
"$cc" -O2 -pthread -o "$WORK/cancel" "$WORK/cancel.c" || exit 99
[ "$("$WORK/cancel")" = cancelled ] || fail "the plain program did not cancel"
for b in preload ptrace; do
	"$MDTRACE" run --backend=$b -o "$WORK/$b.mdt" "$WORK/cancel" >"$WORK/out" 2>"$WORK/err" ||
		fail "$b: $(cat "$WORK/err")"
	[ "$(cat "$WORK/out")" = cancelled ] || fail "$b: output $(cat "$WORK/out")"
	! grep -q WARNING "$WORK/err" || fail "$b: warned: $(cat "$WORK/err")"
	"$MDTRACE" verify "$WORK/$b.mdt" >"$WORK/verify" 2>&1 || fail "$b: $(cat "$WORK/verify")"
	"$MDTRACE" maps --format=proc "$WORK/$b.mdt" | grep -q 'libgcc_s\.so' ||
		fail "$b: libgcc_s is not in the table at exit"
	echo "ok: $b: libgcc_s's mappings recorded, the table agrees"
done
MDTRACE_SUD=off "$MDTRACE" run -o "$WORK/off.mdt" "$WORK/cancel" >/dev/null 2>"$WORK/err"
! "$MDTRACE" verify "$WORK/off.mdt" >"$WORK/verify" 2>&1 || fail "verify agreed without dispatch: the test cannot fail"
grep -q libgcc_s "$WORK/verify" || fail "verify did not name libgcc_s: $(cat "$WORK/verify")"
exit 0
