/* mremap: grow in place keeps the old pages (reused), shrink drops the
 * tail (null), a move takes the memory along (old address null, the moved
 * range is the same memory), MREMAP_DONTUNMAP leaves fresh memory behind. */
#include "scenario.h"

#include "xlat.h" /* MREMAP_DONTUNMAP where libc lacks it */

int main(void)
{
	size_t pg = 4096;
	/* reserve room so the in-place growth cannot collide */
	char *a = map_anon(NULL, 64 * pg, 0);
	munmap(a + 4 * pg, 60 * pg);
	char *dst = map_anon(NULL, 8 * pg, 0);
	munmap(dst, 8 * pg);
	char *c = map_anon(NULL, 4 * pg, 0);
	c[0] = 1;
	checkpoint("start");
	if (mremap(a, 4 * pg, 8 * pg, 0) != a)
		return 99;
	checkpoint("grown");
	expect("reused", "start", "grown", a, 4 * pg);
	if (mremap(a, 8 * pg, 2 * pg, 0) != a)
		return 99;
	checkpoint("shrunk");
	expect("null", "grown", "shrunk", a, 4 * pg);
	expect("reused", "start", "shrunk", a, 2 * pg);
	char *b = mremap(a, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	if (b != dst)
		return 99;
	checkpoint("moved");
	expect("null", "shrunk", "moved", a, 2 * pg);
	expect("reused", "moved", "moved", b, 2 * pg);
	char *d = mremap(c, 4 * pg, 4 * pg, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
	if (d != MAP_FAILED) {
		checkpoint("dontunmap");
		expect("rebuilt", "moved", "dontunmap", c, 4 * pg);
	}
	return 0;
}
