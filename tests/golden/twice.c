/* twice.c - a live process for `verify --pid`'s frame check.  A memfd is
 * mapped MAP_SHARED twice, file pages 0-3 at A and 2-5 at B, so A+2 and B
 * are the same memory; private anonymous pages P are not shared; every
 * page is written, so present.  With the argument "alias", a shared
 * anonymous mapping S is also mapped a second time over Q by an mremap
 * the library cannot see (a raw system call): the maps still agree, but
 * the table says S and Q are different memory where the frames are one.
 * Prints "ready PID A B P [S Q]", then waits for its input to close. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PG 4096
#define RW (PROT_READ | PROT_WRITE)

/* A system call the preloaded library does not see (its hooks are in
 * libc and the system call wrappers). */
static long raw5(long n, long a, long b, long c, long d, long e)
{
#if defined(__x86_64__)
	long r;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return r;
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	__asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4) : "memory");
	return x0;
#else
	(void)n, (void)a, (void)b, (void)c, (void)d, (void)e;
	return -1;
#endif
}

static void *map(size_t len, int flags, int fd, off_t off)
{
	void *p = mmap(NULL, len, RW, flags, fd, off);
	if (p == MAP_FAILED) {
		perror("mmap");
		_exit(1);
	}
	memset(p, 0x5a, len);
	return p;
}

int main(int argc, char **argv)
{
	int alias = argc > 1 && !strcmp(argv[1], "alias");
	int fd = memfd_create("golden-twice", 0);
	if (fd < 0 || ftruncate(fd, 6 * PG) < 0) {
		perror("memfd");
		return 1;
	}
	char *a = map(4 * PG, MAP_SHARED, fd, 0);
	char *b = map(4 * PG, MAP_SHARED, fd, 2 * PG);
	char *p = map(2 * PG, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("ready %d %p %p %p", (int)getpid(), (void *)a, (void *)b, (void *)p);
	if (alias) {
		char *s = map(2 * PG, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		char *q = map(2 * PG, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (raw5(SYS_mremap, (long)s, 0, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, (long)q) != (long)q) {
			printf("\nno raw mremap here\n");
			return 77;
		}
		memset(q, 0x33, 2 * PG);
		if (s[0] != 0x33)
			return 1;
		printf(" %p %p", (void *)s, (void *)q);
	}
	printf("\n");
	fflush(stdout);
	char c;
	while (read(0, &c, 1) > 0)
		;
	return 0;
}
