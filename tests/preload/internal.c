/* internal.c - mapping calls that glibc makes to itself (mdtrace-preload(7), LIBC-INTERNAL CALLS):
 * malloc's large block and the munmap inside free, a thread's stack, the
 * heap grown by malloc (sbrk -> __brk) behind stdio and small blocks.  Prints what the trace must show; internal.sh checks
 * the trace for it. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *thread_main(void *arg)
{
	int local;
	(void)arg;
	printf("thread %lu\n", (unsigned long)&local);
	return NULL;
}

int main(int argc, char **argv)
{
	char buf[256];
	static void *small[64];
	pthread_t t;
	FILE *f;
	void *p = malloc(1 << 20);

	if (!p)
		return 1;
	printf("malloc %lu\n", (unsigned long)p);
	free(p);
	if (pthread_create(&t, NULL, thread_main, NULL) || pthread_join(t, NULL))
		return 1;
	f = fopen(argc > 1 ? argv[1] : "/proc/self/maps", "r");
	if (!f || !fread(buf, 1, sizeof buf, f))
		return 1;
	fclose(f);
	for (int i = 0; i < 64; i++)
		if (!(small[i] = malloc(32 << 10)))
			return 1;
	printf("break %lu\n", (unsigned long)sbrk(0));
	return 0;
}
