#!/bin/sh
# exit_threads.sh - 40 detached threads map and unmap in a loop while the
# main thread exits: the kernel ends them mid-call, some after reserving a
# record.  That is the end of the trace, not damage: no reader warns that
# the trace ends early, in any of 20 runs, and each trace agrees with the
# kernel at its end record.
. "$(dirname "$0")/../init.sh"
cc=${CC:-cc}
need_cmd "$cc" "no C compiler"
cat >"$WORK/t.c" <<'C'
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
static void *run(void *arg)
{
	for (;;) {
		void *p = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		munmap(p, 8192);
	}
	return arg;
}
int main(void)
{
	pthread_t t;
	for (int i = 0; i < 40; i++)
		pthread_create(&t, 0, run, 0);
	usleep(20000);
	return 0;
}
C
"$cc" -O2 -pthread -o "$WORK/t" "$WORK/t.c" || exit 99
bad=0
for i in $(seq 20); do
	rm -f "$WORK"/t.mdt*
	"$MDTRACE" run -o "$WORK/t.mdt" "$WORK/t" 2>"$WORK/err" || fail "run $i: $(cat "$WORK/err")"
	"$MDTRACE" events "$WORK/t.mdt" >/dev/null 2>>"$WORK/err"
	"$MDTRACE" verify "$WORK/t.mdt" >"$WORK/v" 2>>"$WORK/err" || fail "run $i: $(cat "$WORK/v")"
	grep -q "ends early" "$WORK/err" && bad=$((bad + 1))
done
[ $bad = 0 ] || fail "$bad of 20 runs warned that the trace ends early: $(grep 'ends early' "$WORK/err")"
echo "ok: 20 runs, no warning"
