/* Policy xnu against contract (mdtrace-verdicts(7), POLICIES): one
 * anonymous mapping, then its middle marked MADV_DONTFORK (the kernel
 * splits the area in three without changing a page), then marked back
 * (one area again).  Contract reuses every descriptor over it; xnu rebuilds
 * one whose map entries changed and one that starts inside the mapping. */
#include "scenario.h"

int main(void)
{
	size_t pg = 4096, len = 16 * pg;
	char *a = map_anon(NULL, len, 0);
	checkpoint("mapped");
	if (madvise(a + 4 * pg, 4 * pg, MADV_DONTFORK)) {
		perror("madvise");
		return 99;
	}
	checkpoint("split");
	if (madvise(a + 4 * pg, 4 * pg, MADV_DOFORK)) {
		perror("madvise");
		return 99;
	}
	checkpoint("joined");
	/* the whole mapping: three entries where there was one */
	expect("reused", "mapped", "split", a, len);
	expect_policy("xnu", "rebuilt", "mapped", "split", a, len);
	/* one entry again, as captured */
	expect_policy("xnu", "reused", "mapped", "joined", a, len);
	/* a range that starts inside the mapping, untouched */
	expect("reused", "mapped", "joined", a + 8 * pg, 4 * pg);
	expect_policy("xnu", "rebuilt", "mapped", "joined", a + 8 * pg, 4 * pg);
	return 0;
}
