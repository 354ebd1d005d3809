/* The heap: pages given back by a shrink die; a later growth is new memory. */
#include "scenario.h"

int main(void)
{
	size_t pg = 4096;
	char *base = sbrk(0);
	char *top = (char *)(((unsigned long)base + pg - 1) & ~(pg - 1));
	if (sbrk((top - base) + 8 * (long)pg) == (void *)-1)
		return 99;
	checkpoint("grown");
	char *tail = top + 4 * pg;
	sbrk(-4 * (long)pg);
	checkpoint("shrunk");
	expect("null", "grown", "shrunk", tail, 4 * pg);
	expect("reused", "grown", "shrunk", top, 4 * pg);
	sbrk(4 * (long)pg);
	checkpoint("regrown");
	expect("rebuilt", "grown", "regrown", tail, 4 * pg);
	return 0;
}
