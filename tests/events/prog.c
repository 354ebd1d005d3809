/* prog.c - maps and unmaps at source lines the tests find by the EV:
 * markers (never by number), then prints the addresses it got. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* noinline, and work after the call so it is no tail call: the helper
 * keeps its own frame at any optimisation level. */
static __attribute__((noinline)) char *map_pages(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); /* EV:helper-mmap */
	if (p != MAP_FAILED)
		memset(p, 1, 1);
	return p;
}

/* Always inlined, even at -O0: its mmap's frame is main's code, and the
 * DWARF says it was inlined at EV:call-inline. */
static inline __attribute__((always_inline)) void *map_inline(void)
{
	return mmap(NULL, 5 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); /* EV:inline-mmap */
}

int main(void)
{
	char *a = map_pages(3 * 4096); /* EV:call-helper */
	char *b = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); /* EV:main-mmap */
	if (a == MAP_FAILED || b == MAP_FAILED)
		return 1;
	if (munmap(a, 4096) != 0) /* EV:main-munmap */
		return 1;
	if (munmap(b + 1, 4096) == 0) /* EV:bad-munmap (EINVAL: not page aligned) */
		return 1;
	if (map_inline() == MAP_FAILED) /* EV:call-inline */
		return 1;
	printf("a %p\nb %p\n", (void *)a, (void *)b);
	return 0;
}
