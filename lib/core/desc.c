/* desc.c - capturing descriptors: the identity of every page of every range
 * at one point. */
#define _GNU_SOURCE
#include "verdict.h"
#include "mem.h"
#include <string.h>

static int push_seg(struct md_desc *d, size_t *cap, const struct md_piece *p)
{
	if (d->nsegs == *cap) {
		size_t n = *cap ? *cap * 2 : 8;
		struct md_seg *s = md_mem_realloc(d->segs, n * sizeof *s);
		if (!s)
			return -1;
		d->segs = s;
		*cap = n;
	}
	d->segs[d->nsegs++] = (struct md_seg){
		.start = p->start, .end = p->end, .obj = p->obj, .off = p->off,
		.ev = p->ev, .prot = p->prot, .kind = p->kind, .flags = p->flags};
	return 0;
}

/* Page-rounded [s, e) of a range; 0 when it is empty or wraps. */
static int bounds(const struct md_table *t, const struct md_range *r, uint64_t *s, uint64_t *e)
{
	uint64_t m = md_table_page_size(t) - 1;
	if (!r->len || r->addr + r->len < r->addr || r->addr + r->len > UINT64_MAX - m)
		return 0;
	*s = r->addr & ~m;
	*e = (r->addr + r->len + m) & ~m;
	return 1;
}

struct md_desc *md_desc_capture(const struct md_table *t, const struct md_range *r,
				size_t n, unsigned options, enum md_dir dir, uint64_t at)
{
	if (!n)
		return NULL;
	struct md_desc *d = md_mem_alloc(sizeof *d);
	if (!d || !(d->ranges = md_mem_alloc(n * sizeof *r))) {
		md_mem_free(d);
		return NULL;
	}
	d->refs = 1;
	d->options = options;
	d->dir = dir;
	d->at = at;
	d->nranges = n;
	memcpy(d->ranges, r, n * sizeof *r);
	size_t cap = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t a, e;
		if (!bounds(t, &r[i], &a, &e))
			goto fail;
		while (a < e) {
			struct md_piece p;
			md_table_span(t, a, e, &p);
			if (push_seg(d, &cap, &p) < 0)
				goto fail;
			a = p.end;
		}
	}
	return d;
fail:
	md_desc_release(d);
	return NULL;
}

struct md_desc *md_desc_retain(struct md_desc *d)
{
	if (d)
		d->refs++;
	return d;
}

void md_desc_release(struct md_desc *d)
{
	if (!d || --d->refs)
		return;
	md_mem_free(d->segs);
	md_mem_free(d->ranges);
	md_mem_free(d);
}
