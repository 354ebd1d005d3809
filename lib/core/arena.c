/* arena.c - mmap-backed growable arrays (see arena.h). */
#define _GNU_SOURCE
#include "arena.h"
#include "sys.h"
#include <string.h>
#include <sys/mman.h>

#define ARENA_MIN (64 * 1024)

static size_t grow_to(size_t have, size_t need)
{
	size_t n = have ? have : ARENA_MIN;
	while (n < need)
		n *= 2;
	return n;
}

int md_arena_grow(struct md_arena *a, size_t bytes)
{
	size_t need = a->used + bytes;
	if (need < a->used)
		return -1;
	if (need <= a->size)
		return 0;
	size_t n = grow_to(a->size, need);
	void *p;
	if (a->base)
		p = md_sys_mremap(a->base, a->size, n, MREMAP_MAYMOVE);
	else
		p = md_sys_mmap(NULL, n, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	a->base = p;
	a->size = n;
	return 0;
}

size_t md_arena_push(struct md_arena *a, size_t bytes)
{
	if (md_arena_reserve(a, bytes) < 0)
		return SIZE_MAX;
	size_t off = a->used;
	a->used += bytes;
	memset(md_arena_at(a, off), 0, bytes);
	return off;
}

int md_arena_clone(struct md_arena *dst, const struct md_arena *src)
{
	*dst = (struct md_arena){0};
	if (!src->used)
		return 0;
	if (md_arena_reserve(dst, src->used) < 0)
		return -1;
	memcpy(dst->base, src->base, src->used);
	dst->used = src->used;
	return 0;
}

void md_arena_free(struct md_arena *a)
{
	if (a->base)
		md_sys_munmap(a->base, a->size);
	*a = (struct md_arena){0};
}
