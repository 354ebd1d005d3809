/* mem.c - mem.h inside libmdtrace: descriptors live in mdtrace's recorded
 * tool memory, never in the program's malloc heap (the API may run in a
 * signal handler, or in an event handler called from a hook that malloc
 * itself called).  Callers hold the API lock.
 *
 * Blocks of 32 bytes to 32 KiB in power-of-two classes, cut from 256 KiB
 * chunks and kept on a free list per class; bigger ones are mappings of
 * their own.  A 16-byte header before each block says which. */
#define _GNU_SOURCE
#include "api.h"
#include "mem.h"
#include <string.h>

#define MIN_SHIFT 5
#define MAX_SHIFT 15
#define CLASSES (MAX_SHIFT - MIN_SHIFT + 1)
#define CHUNK (256u << 10)
#define HDR 16

struct hdr {
	uint64_t size;  /* the block's usable bytes */
	uint64_t cls;   /* its class, or CLASSES for a mapping of its own */
};

static void *free_list[CLASSES];
static char *chunk;
static size_t chunk_left;

static unsigned class_of(size_t n)
{
	unsigned c = 0;
	while (((size_t)1 << (c + MIN_SHIFT)) < n)
		c++;
	return c;
}

static void *carve(size_t bytes)
{
	if (chunk_left < bytes) {
		if (!(chunk = md_cap->map(CHUNK)))
			return NULL;
		chunk_left = CHUNK;
	}
	void *p = chunk;
	chunk += bytes;
	chunk_left -= bytes;
	return p;
}

static void *block(size_t n)
{
	struct hdr *h;
	if (!md_cap)
		return NULL;
	if (n > ((size_t)1 << MAX_SHIFT)) {
		size_t len = (n + HDR + 4095) & ~(size_t)4095;
		if (!(h = md_cap->map(len)))
			return NULL;
		*h = (struct hdr){len - HDR, CLASSES};
		return (char *)h + HDR;
	}
	unsigned c = class_of(n);
	size_t size = (size_t)1 << (c + MIN_SHIFT);
	if (free_list[c]) {
		h = (struct hdr *)((char *)free_list[c] - HDR);
		memcpy(&free_list[c], free_list[c], sizeof(void *));
	} else if (!(h = carve(size + HDR))) {
		return NULL;
	}
	*h = (struct hdr){size, c};
	return (char *)h + HDR;
}

void *md_mem_alloc(size_t n)
{
	void *p = block(n ? n : 1);
	if (p)
		memset(p, 0, n);
	return p;
}

void md_mem_free(void *p)
{
	struct hdr *h;
	if (!p)
		return;
	h = (struct hdr *)((char *)p - HDR);
	if (h->cls == CLASSES) {
		md_cap->unmap(h, h->size + HDR);
		return;
	}
	memcpy(p, &free_list[h->cls], sizeof(void *));
	free_list[h->cls] = p;
}

void *md_mem_realloc(void *p, size_t n)
{
	struct hdr *h;
	void *q;
	if (!p)
		return block(n);
	h = (struct hdr *)((char *)p - HDR);
	if (n <= h->size)
		return p;
	if (!(q = block(n)))
		return NULL;
	memcpy(q, p, h->size);
	md_mem_free(p);
	return q;
}
