/* mprotect away and back: null (protection) while write access is gone for
 * an inout descriptor, reused once it is back. */
#include "scenario.h"

int main(void)
{
	size_t len = 4 * 4096;
	char *a = map_anon(NULL, len, 0);
	checkpoint("rw");
	mprotect(a, len, PROT_READ);
	checkpoint("ro");
	mprotect(a, len, PROT_READ | PROT_WRITE);
	checkpoint("rw-again");
	expect("null", "rw", "ro", a, len);
	expect("reused", "rw", "rw-again", a, len);
	return 0;
}
