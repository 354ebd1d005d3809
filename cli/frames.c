/* frames.c - compare the table's identities with physical frames.  Two
 * present pages that the table says are the same (object, offset) must
 * have one frame; two pages with one frame must be the same (object,
 * offset), unless one of them is private and not exclusively mapped: the
 * zero page, page cache under a private file mapping, KSM and pages shared
 * copy-on-write with a fork are one frame for different memory. */
#define _GNU_SOURCE
#include "frames.h"
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PM_PRESENT (1ULL << 63)
#define PM_EXCLUSIVE (1ULL << 56)
#define PM_PFN ((1ULL << 55) - 1)

struct page {
	uint64_t addr, obj, off, pfn;
	int loose; /* private and not exclusive: may share a frame */
};

struct walk {
	int fd;
	unsigned ps;
	struct page *pages;
	size_t n, cap;
	int hidden, failed;
};

static int push(struct walk *w, const struct page *p)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 4096;
		struct page *np = realloc(w->pages, cap * sizeof *np);
		if (!np)
			return -1;
		w->pages = np;
		w->cap = cap;
	}
	w->pages[w->n++] = *p;
	return 0;
}

static int read_piece(const struct md_piece *pc, void *arg)
{
	struct walk *w = arg;
	uint64_t e[512];
	/* PROT_NONE pieces: often huge reservations, never a descriptor's */
	if (pc->flags & (MD_PF_TOOL | MD_PF_STACKGROW) || pc->kind == MD_SPECIAL || !pc->prot)
		return 0;
	for (uint64_t a = pc->start; a < pc->end;) {
		size_t k = (size_t)((pc->end - a) / w->ps);
		if (k > 512)
			k = 512;
		ssize_t got = pread(w->fd, e, k * 8, (off_t)(a / w->ps * 8));
		if (got <= 0) {
			w->failed = 1;
			return 1;
		}
		k = (size_t)got / 8;
		for (size_t i = 0; i < k; i++, a += w->ps) {
			if (!(e[i] & PM_PRESENT))
				continue;
			struct page p = {a, pc->obj, pc->off + (a - pc->start), e[i] & PM_PFN,
					 !md_kind_shared(pc->kind) && !(e[i] & PM_EXCLUSIVE)};
			if (!p.pfn)
				w->hidden = 1;
			if (push(w, &p) < 0) {
				w->failed = 1;
				return 1;
			}
		}
	}
	return 0;
}

static int by_identity(const void *x, const void *y)
{
	const struct page *a = x, *b = y;
	if (a->obj != b->obj)
		return a->obj < b->obj ? -1 : 1;
	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

static int by_frame(const void *x, const void *y)
{
	const struct page *a = x, *b = y;
	if (a->pfn != b->pfn)
		return a->pfn < b->pfn ? -1 : 1;
	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

static int by_address(const void *x, const void *y)
{
	const struct md_frame_diff *a = x, *b = y;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static int add_diff(struct md_frames *f, size_t *cap, const struct page *x,
		    const struct page *y, unsigned ps, int same)
{
	if (x->addr > y->addr) {
		const struct page *t = x;
		x = y;
		y = t;
	}
	if (f->ndiffs == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		struct md_frame_diff *nd = realloc(f->diffs, c * sizeof *nd);
		if (!nd)
			return -1;
		f->diffs = nd;
		*cap = c;
	}
	f->diffs[f->ndiffs++] = (struct md_frame_diff){x->addr, y->addr, ps, x->obj, x->off,
							y->obj, y->off, same};
	return 0;
}

/* Page pairs next to each other in both ranges, with the same finding and
 * consecutive identities, become one range pair. */
static void coalesce(struct md_frames *f)
{
	size_t n = 0;
	if (!f->ndiffs) /* diffs may be NULL: qsort must not see it */
		return;
	qsort(f->diffs, f->ndiffs, sizeof *f->diffs, by_address);
	for (size_t i = 0; i < f->ndiffs; i++) {
		struct md_frame_diff *p = n ? &f->diffs[n - 1] : NULL, *d = &f->diffs[i];
		if (p && p->same == d->same && p->a + p->len == d->a && p->b + p->len == d->b &&
		    p->obj_a == d->obj_a && p->off_a + p->len == d->off_a &&
		    p->obj_b == d->obj_b && p->off_b + p->len == d->off_b)
			p->len += d->len;
		else
			f->diffs[n++] = *d;
	}
	f->ndiffs = n;
}

static int compare(struct walk *w, struct md_frames *f)
{
	size_t cap = 0, n = w->n;
	struct page *pg = w->pages;
	qsort(pg, n, sizeof *pg, by_identity);
	for (size_t i = 1, g = 0; i < n; i++) {
		if (pg[i].obj != pg[g].obj || pg[i].off != pg[g].off) {
			g = i;
			continue;
		}
		f->shared += 1 + (i == g + 1);
		if (pg[i].pfn != pg[g].pfn && add_diff(f, &cap, &pg[g], &pg[i], w->ps, 1) < 0)
			return -1;
	}
	qsort(pg, n, sizeof *pg, by_frame);
	for (size_t i = 1, g = 0; i < n; i++) {
		if (pg[i].pfn != pg[g].pfn) {
			g = i;
			continue;
		}
		if ((pg[i].obj != pg[g].obj || pg[i].off != pg[g].off) && !pg[i].loose &&
		    !pg[g].loose && add_diff(f, &cap, &pg[g], &pg[i], w->ps, 0) < 0)
			return -1;
	}
	coalesce(f);
	return 0;
}

int md_frames_check(pid_t pid, const struct md_table *t, struct md_frames *f)
{
	char path[64];
	struct walk w = {.ps = md_table_page_size(t)};
	memset(f, 0, sizeof *f);
	snprintf(path, sizeof path, "/proc/%d/pagemap", (int)pid);
	if ((w.fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	md_table_walk(t, 0, UINT64_MAX, read_piece, &w);
	close(w.fd);
	int r = -1;
	if (!w.failed && !w.hidden) {
		f->readable = 1;
		f->present = w.n;
		r = compare(&w, f);
	}
	free(w.pages);
	return r;
}

void md_frames_print(FILE *out, const struct md_frames *f, size_t max)
{
	for (size_t i = 0; i < f->ndiffs && i < max; i++) {
		const struct md_frame_diff *d = &f->diffs[i];
		fprintf(out, "frames differ: %#llx-%#llx and %#llx-%#llx\n",
			(unsigned long long)d->a, (unsigned long long)(d->a + d->len),
			(unsigned long long)d->b, (unsigned long long)(d->b + d->len));
		if (d->same)
			fprintf(out, "    table:  the same memory (object %llu+0x%llx)\n"
				     "    kernel: different frames\n",
				(unsigned long long)d->obj_a, (unsigned long long)d->off_a);
		else
			fprintf(out, "    table:  different memory (object %llu+0x%llx, object %llu+0x%llx)\n"
				     "    kernel: the same frames\n",
				(unsigned long long)d->obj_a, (unsigned long long)d->off_a,
				(unsigned long long)d->obj_b, (unsigned long long)d->off_b);
	}
}

void md_frames_free(struct md_frames *f)
{
	free(f->diffs);
	f->diffs = NULL;
	f->ndiffs = 0;
}
