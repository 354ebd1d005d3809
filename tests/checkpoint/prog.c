/* prog.c - a traced program for the trace index tests: maps, protects,
 * moves and unmaps anonymous memory and its own file, keeps some of it, and
 * remaps one range again and again.  Prints "a ADDR" for that range. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 300;
	int fd = open("/proc/self/exe", O_RDONLY);
	char *keep[16] = {0}, *a = mmap(NULL, 4 * 4096, RW, ANON, -1, 0);
	if (fd < 0 || a == MAP_FAILED)
		return 1;
	for (int i = 0; i < n; i++) {
		char *p = mmap(NULL, 8192, RW, ANON, -1, 0);
		char *f = mmap(NULL, 4096, PROT_READ, i % 2 ? MAP_SHARED : MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED || f == MAP_FAILED)
			return 1;
		mprotect(p, 4096, PROT_READ);
		if (i % 4 == 0)
			madvise(p, 8192, MADV_DONTFORK);
		if (keep[i % 16])
			munmap(keep[i % 16], 8192);
		keep[i % 16] = p;
		if (i % 3)
			munmap(f, 4096);
		if (i % 5 == 0) { /* the same pages, new memory */
			munmap(a + 4096, 4096);
			mmap(a + 4096, 4096, RW, ANON | MAP_FIXED, -1, 0);
		}
		if (i % 11 == 0) {
			char *q = mremap(p, 8192, 16384, MREMAP_MAYMOVE);
			keep[i % 16] = q == MAP_FAILED ? p : q;
		}
	}
	printf("a %p\n", (void *)a);
	return 0;
}
