/* hzprog - known hazards: three munmap+mmap at the same address from one
 * call site, one MAP_FIXED over live pages from another, and one
 * mprotect(PROT_READ) of a read-write range.  Prints what it did:
 *   ABA <addr> <bytes>       each range mapped again
 *   FIXED <addr> <bytes>     the range replaced in place
 *   RO <addr> <bytes>        the range made read-only
 * With an argument N, each cycle waits N harmless mprotect calls between
 * its munmap and its mmap, and N more follow the end (a trace longer than
 * the reader's 256 KiB window, give-back and take-again far apart). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

void mdtrace_mark(const char *label) __attribute__((weak));

static void mark(const char *label)
{
	if (mdtrace_mark)
		mdtrace_mark(label);
}

static char *map(void *at, size_t len, int flags)
{
	char *p = mmap(at, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(99);
	}
	p[0] = 1;
	return p;
}

static long filler;
static char *keep;

static void pause_calls(void)
{
	for (long i = 0; i < filler; i++)
		mprotect(keep, 4096, PROT_READ | PROT_WRITE); /* already so: no hazard */
}

/* munmap, then MAP_FIXED at the same address: always the same call sites. */
static void cycle(char *p, size_t len)
{
	munmap(p, len);
	pause_calls();
	map(p, len, MAP_FIXED);
}

int main(int argc, char **argv)
{
	size_t pg = 4096, len = 8 * pg;
	filler = argc > 1 ? atol(argv[1]) : 0;
	if (filler)
		keep = map(NULL, pg, 0);
	char *a = map(NULL, 3 * len, 0);
	char *fixed = map(NULL, 4 * pg, 0);
	char *ro = map(NULL, 2 * pg, 0);
	mark("before");
	for (int i = 0; i < 3; i++) {
		cycle(a + i * len, len);
		printf("ABA %#lx %zu\n", (unsigned long)(a + i * len), len);
	}
	mmap(fixed + pg, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("FIXED %#lx %zu\n", (unsigned long)(fixed + pg), 2 * pg);
	mprotect(ro, 2 * pg, PROT_READ);
	printf("RO %#lx %zu\n", (unsigned long)ro, 2 * pg);
	mark("after");
	pause_calls();
	return 0;
}
