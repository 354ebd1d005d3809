/* Unmap, then map again at the same address: different memory (rebuilt),
 * by hint and by MAP_FIXED; an untouched neighbour stays reused. */
#include "scenario.h"

int main(void)
{
	size_t len = 16 * 4096;
	char *a = map_anon(NULL, len, 0);
	char *b = map_anon(NULL, len, 0);
	a[0] = b[0] = 1;
	checkpoint("mapped");
	munmap(a, len);
	char *a2 = map_anon(a, len, 0);
	munmap(b, len);
	char *b2 = map_anon(b, len, MAP_FIXED);
	checkpoint("remapped");
	expect(a2 == a ? "rebuilt" : "null", "mapped", "remapped", a, len);
	expect("rebuilt", "mapped", "remapped", b2, len);
	expect("reused", "remapped", "remapped", b2, len);
	return 0;
}
