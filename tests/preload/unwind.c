/* unwind.c - what the preloaded library's stack walker leaves visible to
 * the program: prints "global N" (whether libunwind's own names resolve
 * in the program's global scope: 1 if so) and "mapped N" (whether
 * libunwind.so is mapped in the process), after an mmap/munmap pair of
 * its own (whose records have stacks when stacks are recorded). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(void)
{
	char line[4096];
	int mapped = 0;
	void *p = mmap(NULL, 1 << 16, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	FILE *f = fopen("/proc/self/maps", "r");
	if (p == MAP_FAILED || munmap(p, 1 << 16) || !f)
		return 2;
	while (fgets(line, sizeof line, f))
		mapped |= strstr(line, "/libunwind.so") != NULL;
	fclose(f);
	printf("global %d\nmapped %d\n",
	       dlsym(RTLD_DEFAULT, "_ULx86_64_step") || dlsym(RTLD_DEFAULT, "unw_backtrace") ? 1 : 0,
	       mapped);
	return 0;
}
