/* Raw syscall(): mappings made without libc's wrappers are seen too. */
#include "scenario.h"
#include <sys/syscall.h>

int main(void)
{
	size_t len = 8 * 4096;
	char *a = (char *)syscall(SYS_mmap, 0, len, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	checkpoint("mapped");
	syscall(SYS_munmap, a, len);
	char *b = (char *)syscall(SYS_mmap, a, len, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	checkpoint("remapped");
	expect("rebuilt", "mapped", "remapped", b, len);
	syscall(SYS_mprotect, b, len, PROT_READ);
	checkpoint("readonly");
	expect("null", "remapped", "readonly", b, len);
	return 0;
}
