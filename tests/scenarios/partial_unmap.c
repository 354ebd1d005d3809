/* A partial munmap: the range is null (unmapped, naming the hole), the
 * rest keeps its identity (reused). */
#include "scenario.h"

int main(void)
{
	size_t pg = 4096;
	char *a = map_anon(NULL, 8 * pg, 0);
	checkpoint("before");
	munmap(a + 2 * pg, 2 * pg);
	checkpoint("after");
	expect("null", "before", "after", a, 8 * pg);
	expect("reused", "before", "after", a, 2 * pg);
	expect("reused", "before", "after", a + 4 * pg, 4 * pg);
	return 0;
}
