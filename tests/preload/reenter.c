/* reenter.c - threads whose first act is a malloc that makes their arena
 * (an mmap inside malloc), with malloc wrapped here to see whether it is
 * entered again from inside itself on the same thread: the library's
 * hooks, which run inside malloc's own mmap and brk, must not allocate
 * (mdtrace-preload(7); libunwind's per-thread memory is made at each
 * thread's start, stack.c).  Prints "reentered N" and exits 1 if it was. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void __libc_free(void *);

static __thread int depth;
static int reentered;

#define WRAP(call)                                             \
	do {                                                   \
		if (depth++)                                   \
			__atomic_fetch_add(&reentered, 1, __ATOMIC_RELAXED); \
		call;                                          \
		depth--;                                       \
	} while (0)

void *malloc(size_t n)
{
	void *p;
	WRAP(p = __libc_malloc(n));
	return p;
}

void *calloc(size_t n, size_t m)
{
	void *p;
	WRAP(p = __libc_calloc(n, m));
	return p;
}

void *realloc(void *q, size_t n)
{
	void *p;
	WRAP(p = __libc_realloc(q, n));
	return p;
}

void free(void *p)
{
	WRAP(__libc_free(p));
}

static void *run(void *a)
{
	char *p = malloc(1000);
	void *q = malloc(300000);
	memset(p, 1, 1000);
	free(q);
	free(p);
	return a;
}

int main(void)
{
	for (int r = 0; r < 4; r++) {
		pthread_t t[8];
		for (int i = 0; i < 8; i++)
			pthread_create(&t[i], 0, run, 0);
		for (int i = 0; i < 8; i++)
			pthread_join(t[i], 0);
	}
	printf("reentered %d\n", reentered);
	return reentered != 0;
}
