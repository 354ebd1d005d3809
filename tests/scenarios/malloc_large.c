/* malloc/free/malloc of large blocks: libc's own mmap and munmap (which a
 * plain LD_PRELOAD wrapper never sees) make an ABA reuse. */
#include "scenario.h"
#include <malloc.h>
#include <stdint.h>

int main(void)
{
	/* a fixed threshold, or glibc serves the second block from the heap */
	mallopt(M_MMAP_THRESHOLD, 256 << 10);
	size_t len = 4 << 20;
	char *a = malloc(len);
	uintptr_t first = (uintptr_t)a; /* kept as a number: a dies in free() */
	a[0] = 1;
	checkpoint("first");
	free(a);
	checkpoint("freed");
	char *b = malloc(len);
	b[0] = 1;
	checkpoint("second");
	expect_at("null", "first", "freed", first, len);
	expect_at(first == (uintptr_t)b ? "rebuilt" : "null", "first", "second", first, len);
	expect("reused", "second", "second", b, len);
	free(b);
	return 0;
}
