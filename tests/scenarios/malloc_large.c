/* malloc/free/malloc of large blocks: libc's own mmap and munmap (which a
 * plain LD_PRELOAD wrapper never sees) make an ABA reuse. */
#include "scenario.h"

int main(void)
{
	size_t len = 4 << 20;
	char *a = malloc(len);
	a[0] = 1;
	checkpoint("first");
	free(a);
	checkpoint("freed");
	char *b = malloc(len);
	b[0] = 1;
	checkpoint("second");
	expect("null", "first", "freed", a, len);
	expect(a == b ? "rebuilt" : "null", "first", "second", a, len);
	expect("reused", "second", "second", b, len);
	free(b);
	return 0;
}
