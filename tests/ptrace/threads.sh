#!/bin/sh
# threads.sh - threads racing mmap(MAP_FIXED)/munmap on the same pages:
# the ptrace backend lets one mapping call of an image run at a time (in
# the order the calls arrive), so the trace has the kernel's order and
# replays to the kernel's table; raw clone3 threads on their own stacks
# are followed like pthreads.
. "$(dirname "$0")/common.sh"
cat >"$WORK/race.c" <<'C'
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
static char *base;
static void *run(void *arg)
{
	long k = (long)arg;
	for (int i = 0; i < 400; i++) {
		char *p = base + ((i + k) % 2) * 4096;
		if ((i + k) % 3)
			mmap(p, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		else
			munmap(p, 4096);
		mprotect(base + (k % 8) * 4096, 4096, (i & 1) ? PROT_READ : PROT_READ | PROT_WRITE);
	}
	return 0;
}
int main(void)
{
	pthread_t t[8];
	base = mmap(0, 8 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (long k = 0; k < 8; k++)
		pthread_create(&t[k], 0, run, (void *)k);
	for (int k = 0; k < 8; k++)
		pthread_join(t[k], 0);
	puts("done");
	return 0;
}
C
${CC:-cc} -O2 -pthread -o "$WORK/race" "$WORK/race.c" || exit 99
for round in 1 2 3; do
	rm -f "$WORK"/race.mdt*
	both race "$WORK/race"
	agree race
done
n=$("$DUMP" "$WORK/race.mdt" | awk -v mm=$EV_MMAP -v mu=$EV_MUNMAP '$2 == mm || $2 == mu { n++ } END { print n + 0 }')
[ "$n" -ge 3200 ] || fail "only $n of the racing threads' 3200 mmap/munmap calls are recorded"
both clone3 "$P" clone3
recorded "$WORK/clone3.mdt" clone3
agree clone3
exit 0
