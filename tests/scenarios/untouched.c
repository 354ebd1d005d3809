/* A range nobody touches is reused, whatever happens around it. */
#include "scenario.h"

int main(void)
{
	size_t len = 8 * 4096;
	char *a = map_anon(NULL, len, 0);
	checkpoint("start");
	for (int i = 0; i < 100; i++)
		munmap(map_anon(NULL, 4096, 0), 4096);
	checkpoint("end");
	expect("reused", "start", "end", a, len);
	return 0;
}
