/* aba.c - the bundled example: a buffer is "registered" (a persistent
 * descriptor is made for it), freed, and allocated again.  malloc serves
 * large blocks with mmap and free gives them back with munmap, inside libc,
 * so the new block usually lands at the very same address: an ABA reuse
 * that a registration cache keyed on (address, length) would miss. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mdtrace_mark(const char *label) __attribute__((weak));

static void mark(const char *label)
{
	if (mdtrace_mark)
		mdtrace_mark(label);
}

int main(void)
{
	/* A fixed mmap threshold, as MPI and RDMA stacks set it: otherwise glibc
	 * raises the threshold after the first free and serves the second block
	 * from the heap instead. */
	mallopt(M_MMAP_THRESHOLD, 256 << 10);
	size_t len = 1 << 20;
	char *buf = malloc(len);
	if (!buf)
		return 1;
	memset(buf, 1, len);
	printf("registered %p (1 MiB, malloc)\n", (void *)buf);
	mark("registered");

	free(buf);
	char *again = malloc(len);
	if (!again)
		return 1;
	mark("reallocated");
	printf("reallocated %p (%s address)\n", (void *)again, again == buf ? "same" : "different");
	free(again);
	return 0;
}
