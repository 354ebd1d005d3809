/* prog.c - the golden tests' program: each mapping call at a fixed address
 * (so the traces' addresses do not depend on ASLR), one per source line
 * marked G:NAME (the expected files name those lines by number). */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>

void mdtrace_mark(const char *label) __attribute__((weak));

static volatile int marks;

/* noinline and work after the call: mark keeps its own frame (the
 * symbolizer names the innermost inlined function only). */
static __attribute__((noinline)) void mark(const char *label)
{
	if (mdtrace_mark)
		mdtrace_mark(label); /* G:mark */
	marks++;
}

#define PG 4096
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

/* noinline and work after the call, so the helper keeps its own frame. */
static __attribute__((noinline)) int map_block(char *at, size_t len)
{
	char *p = mmap(at, len, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0); /* G:helper-map */
	if (p != at)
		return -1;
	p[0] = 1;
	return 0;
}

int main(void)
{
	char *a = (char *)0x7e0000000000, *b = (char *)0x7e0000100000;
	mark("begin"); /* G:mark-begin */
	if (map_block(a, 4 * PG)) /* G:call-helper */
		return 1;
	mark("captured"); /* G:mark-captured */
	if (munmap(a, PG)) /* G:unmap */
		return 2;
	if (mmap(a, PG, RW, ANON | MAP_FIXED, -1, 0) != a) /* G:remap */
		return 3;
	if (mprotect(a + PG, PG, PROT_NONE)) /* G:prot-away */
		return 4;
	mark("away"); /* G:mark-away */
	if (mprotect(a + PG, PG, RW)) /* G:prot-back */
		return 5;
	if (mremap(a + 2 * PG, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, b) != b) /* G:move */
		return 6;
	if (mmap(a + 3 * PG, PG, PROT_READ, ANON | MAP_FIXED_NOREPLACE, -1, 0) != MAP_FAILED) /* G:eexist */
		return 7;
	if (errno != EEXIST)
		return 8;
	if (munmap(a + 1, PG) == 0 || errno != EINVAL) /* G:einval */
		return 9;
	mark("end"); /* G:mark-end */
	return 0;
}
