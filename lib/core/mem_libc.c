/* mem_libc.c - mem.h over libc's malloc, for the command and the tests. */
#include "mem.h"
#include <stdlib.h>

void *md_mem_alloc(size_t n)
{
	return calloc(1, n);
}

void *md_mem_realloc(void *p, size_t n)
{
	return realloc(p, n);
}

void md_mem_free(void *p)
{
	free(p);
}
