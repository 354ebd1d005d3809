/* control - address-space changes that are no hazard: a reservation made
 * accessible, access added, a shared file mapped again at the same address
 * and offset (the same memory), memory given back and never mapped again. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static void *must(void *p)
{
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(99);
	}
	return p;
}

int main(void)
{
	size_t pg = 4096;
	char *res = must(mmap(NULL, 8 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	mprotect(res, 4 * pg, PROT_READ | PROT_WRITE);
	mprotect(res, 4 * pg, PROT_READ | PROT_WRITE | PROT_EXEC);
	FILE *f = tmpfile();
	if (!f || ftruncate(fileno(f), 4 * pg) < 0)
		return 99;
	char *s = must(mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fileno(f), 0));
	munmap(s, 4 * pg);
	must(mmap(s, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fileno(f), 0));
	munmap(res, 8 * pg);
	puts("done");
	return 0;
}
