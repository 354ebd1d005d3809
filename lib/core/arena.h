/* arena.h - growable arrays backed by anonymous mmap, never malloc.
 *
 * The range table must be able to run inside a traced process, next to
 * hooks whose caller may be malloc itself (free -> munmap; table.h).  So
 * every byte the core owns comes from here.  Growth uses mremap(MAYMOVE);
 * callers therefore address elements by index, never by a kept pointer. */
#ifndef MD_ARENA_H
#define MD_ARENA_H
#include <stddef.h>
#include <stdint.h>

struct md_arena {
	void *base;      /* mapping start, NULL until first use */
	size_t size;     /* bytes mapped */
	size_t used;     /* bytes handed out */
};

/* The growing part of md_arena_reserve. */
int md_arena_grow(struct md_arena *a, size_t bytes);

/* Make room for `bytes` more; returns 0 or -1 (ENOMEM, arena unchanged).
 * Inline: every table update asks, and there is nearly always room. */
static inline int md_arena_reserve(struct md_arena *a, size_t bytes)
{
	return bytes <= a->size - a->used ? 0 : md_arena_grow(a, bytes);
}
/* Append `bytes` (zeroed) and return the offset of the new block, or
 * SIZE_MAX when memory is exhausted. */
size_t md_arena_push(struct md_arena *a, size_t bytes);
/* Deep copy (for fork); returns 0 or -1. */
int md_arena_clone(struct md_arena *dst, const struct md_arena *src);
void md_arena_free(struct md_arena *a);

static inline void *md_arena_at(const struct md_arena *a, size_t off)
{
	return (char *)a->base + off;
}

#endif
