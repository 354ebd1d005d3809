/* unseen.c - address-space changes that no recorded call announces, each
 * followed by a recorded call whose result gives them away
 * (mdtrace(1), UNSEEN CHANGES):
 *   unmapped  an munmap by the program's own `syscall` instruction (unseen
 *             with MDTRACE_SUD=off), then an mmap the kernel places on the
 *             same pages
 *   grown     a MAP_GROWSDOWN mapping grown by a fault below it, then an
 *             mprotect of the grown page, which succeeds
 * stderr: "ADDR a" the pages concerned. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "unmapped")) {
		char *p = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		long r;
		__asm__ volatile("syscall" : "=a"(r) : "a"(SYS_munmap), "D"(p), "S"(1 << 20)
				 : "rcx", "r11", "memory");
		char *q = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		fprintf(stderr, "ADDR %p\n", (void *)q);
		return p == q ? 0 : 3;
	}
	if (argc == 2 && !strcmp(argv[1], "grown")) {
		/* a hint well away from other mappings, so there is room to grow */
		char *p = mmap((void *)0x200000000000ul, 4 << 12, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0);
		if (p == MAP_FAILED)
			return 4;
		volatile char *below = p - 4096;
		*below = 1; /* the kernel grows the mapping down by a page */
		fprintf(stderr, "ADDR %p\n", (void *)below);
		return mprotect((void *)below, 4096, PROT_READ) == 0 ? 0 : 5;
	}
	return 2;
}
