/* Threads mapping concurrently (their stacks come from libc's own mmap):
 * the table must match the kernel's maps once they are done, and memory
 * one thread unmapped and another mapped again is rebuilt. */
#include "scenario.h"
#include <pthread.h>

#define THREADS 4
#define ROUNDS 2000

static void *worker(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		size_t len = (size_t)(1 + (i + (long)arg) % 7) * 4096;
		char *p = map_anon(NULL, len, 0);
		p[0] = 1;
		mprotect(p, 4096, PROT_READ);
		munmap(p, len);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	char *keep = map_anon(NULL, 4 * 4096, 0);
	checkpoint("before");
	for (long i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	checkpoint("after");
	expect("reused", "before", "after", keep, 4 * 4096);
	return 0;
}
