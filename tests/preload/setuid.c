/* setuid.c - load the library (argv[1]) with dlopen, as a preload from a
 * system directory would be in a secure-execution program, then map and
 * unmap a page.  Prints "ok" when the calls behaved. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
	void *p;
	if (argc != 2 || !dlopen(argv[1], RTLD_NOW)) {
		fprintf(stderr, "setuid: cannot load %s\n", argc == 2 ? argv[1] : "?");
		return 1;
	}
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || munmap(p, 4096) != 0)
		return 1;
	puts("ok");
	return 0;
}
