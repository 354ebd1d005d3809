/* mem.h - memory for descriptors (desc.c).  The command and the tests use
 * libc's allocator (mem_libc.c); libmdtrace, whose calls may come from a
 * signal handler or an event handler inside a hook, has its own over
 * mdtrace's recorded tool memory (lib/api/mem.c). */
#ifndef MD_MEM_H
#define MD_MEM_H
#include <stddef.h>

void *md_mem_alloc(size_t n);            /* zeroed; NULL when out of memory */
void *md_mem_realloc(void *p, size_t n); /* as realloc: p is kept on failure */
void md_mem_free(void *p);

#endif
