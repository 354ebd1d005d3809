/* MAP_FIXED over live pages replaces them without any munmap call. */
#include "scenario.h"

int main(void)
{
	size_t pg = 4096;
	char *a = map_anon(NULL, 8 * pg, 0);
	checkpoint("before");
	map_anon(a + 2 * pg, 2 * pg, MAP_FIXED);
	checkpoint("after");
	expect("rebuilt", "before", "after", a, 8 * pg);
	expect("reused", "before", "after", a + 4 * pg, 4 * pg);
	expect("rebuilt", "before", "after", a + 2 * pg, pg);
	return 0;
}
