/* callcount [0] - a known number of calls of each kind, some failing, some
 * on a second thread; prints them as
 *   CALLS <type> <calls> <failed>   (made by main and the thread)
 *   THREAD <type> <calls>           (made by the second thread)
 * With the argument 0 it makes none of them but does everything else (the
 * start-up, the thread, stdio), so a test can subtract what the runtime and
 * mdtrace's own self-test did. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

enum { MAPS = 7, BAD_UNMAPS = 2, PROTECTS = 5, REMAPS = 3, ADVISES = 4 };

static int on = 1;
static char *region;
/* The thread runs on this stack, so pthread_create maps nothing itself. */
static char stack[1 << 20] __attribute__((aligned(4096)));

static void *advise(void *arg)
{
	(void)arg;
	for (int i = 0; on && i < ADVISES; i++)
		madvise(region, 4096, MADV_WILLNEED);
	return NULL;
}

static void calls(void)
{
	size_t pg = 4096;
	char *p[MAPS];
	for (int i = 0; i < MAPS; i++)
		if ((p[i] = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) == MAP_FAILED)
			exit(99);
	for (int i = 0; i < PROTECTS; i++)
		mprotect(p[0], pg, i % 2 ? PROT_READ | PROT_WRITE : PROT_READ);
	for (int i = 0; i < REMAPS; i++)
		p[1] = mremap(p[1], (size_t)(i + 2) * pg, (size_t)(i + 3) * pg, MREMAP_MAYMOVE);
	for (int i = 0; i < BAD_UNMAPS; i++)
		munmap(p[2] + 1, pg); /* unaligned: EINVAL */
	for (int i = 3; i < MAPS; i++)
		munmap(p[i], 2 * pg);
	region = p[0];
}

int main(int argc, char **argv)
{
	on = argc < 2 || atoi(argv[1]) != 0;
	if (on)
		calls();
	pthread_t t;
	pthread_attr_t at;
	if (pthread_attr_init(&at) || pthread_attr_setstack(&at, stack, sizeof stack) ||
	    pthread_create(&t, &at, advise, NULL) || pthread_join(t, NULL))
		return 99;
	printf("CALLS mmap %d 0\n", on * MAPS);
	printf("CALLS munmap %d %d\n", on * (MAPS - 3 + BAD_UNMAPS), on * BAD_UNMAPS);
	printf("CALLS mprotect %d 0\n", on * PROTECTS);
	printf("CALLS mremap %d 0\n", on * REMAPS);
	printf("CALLS madvise %d 0\n", on * ADVISES);
	printf("THREAD madvise %d\n", on * ADVISES);
	return 0;
}
