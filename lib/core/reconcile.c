/* reconcile.c - compare the table with the kernel's /proc/PID/maps, and
 * bring it in line after changes nobody could observe call by call (the
 * dynamic loader maps with its own system calls).  One walk does both. */
#define _GNU_SOURCE
#include "table_internal.h"
#include <string.h>

struct walk {
	struct md_table *t;
	int fix;
	uint64_t ev;
	md_diff_fn *fn;
	void *arg;
	int n;
};

/* Does piece p show as line l would? */
static int matches(const struct md_table *t, const struct md_piece *p,
		   const struct md_maps_line *l)
{
	if (p->prot != l->prot || md_kind_shared(p->kind) != l->shared)
		return 0;
	const struct md_file *f = md_table_file(t, p->file);
	int keyed = f && f->key != MD_FKEY_NAME;
	if (!l->ino)
		return !keyed;
	if (!keyed) /* shared anonymous made by a call: its shmem inode is unknown */
		return p->kind == MD_ANON_SHARED && !strncmp(l->path, "/dev/zero", 9);
	if (f->ino != l->ino || (f->key == MD_FKEY_FILE && f->dev != l->dev))
		return 0;
	return p->off == l->off + (p->start - l->lo);
}

static int differ(struct walk *w, uint64_t s, uint64_t e, const struct md_maps_line *l)
{
	w->n++;
	if (w->fn)
		w->fn(w->arg, s, e, l);
	if (!w->fix)
		return 0;
	if (!l)
		return md_table_unmap(w->t, s, e - s, w->ev);
	struct md_map_req r;
	md_maps_request(l, &r);
	r.start = s;
	r.len = e - s;
	r.flags = 0;
	if (l->ino)
		r.off = l->off + (s - l->lo);
	return md_table_map(w->t, &r, w->ev);
}

static int line(struct walk *w, const struct md_maps_line *l)
{
	for (uint64_t a = l->lo; a < l->hi;) {
		struct md_piece p;
		md_table_span(w->t, a, l->hi, &p);
		a = p.end;
		if (p.obj && !(p.flags & MD_PF_STACKGROW) && matches(w->t, &p, l))
			continue;
		/* The kernel grew the stack on a fault: not a difference. */
		if ((p.flags & MD_PF_STACKGROW) && !strcmp(l->path, "[stack]")) {
			if (w->fix)
				md_table_grow_stack(w->t, p.start);
			continue;
		}
		if (differ(w, p.start, p.end, l) < 0)
			return -1;
	}
	return 0;
}

/* Pieces in [a, b), where the kernel has nothing. */
static int gap(struct walk *w, uint64_t a, uint64_t b)
{
	while (a < b) {
		const struct md_piece *p = md_table_next(w->t, a);
		if (!p || p->start >= b)
			return 0;
		uint64_t s = p->start, e = p->end < b ? p->end : b;
		if (differ(w, s, e, NULL) < 0)
			return -1;
		a = e;
	}
	return 0;
}

static int walk(struct walk *w, const char *text, size_t len)
{
	struct md_maps_line l;
	const char *s = text, *end = text + len;
	uint64_t prev = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		if (le > s) {
			if (md_maps_parse(s, le, &l) < 0 || l.lo < prev)
				return -1;
			if (gap(w, prev, l.lo) < 0 || line(w, &l) < 0)
				return -1;
			prev = l.hi;
		}
		s = le + 1;
	}
	if (gap(w, prev, ~(uint64_t)(w->t->page_size - 1)) < 0)
		return -1;
	return w->n;
}

int md_table_reconcile(struct md_table *t, const char *text, size_t len, uint64_t ev,
		       md_diff_fn *changed, void *arg)
{
	struct walk w = {t, 1, ev, changed, arg, 0};
	return walk(&w, text, len);
}

int md_table_compare(const struct md_table *t, const char *text, size_t len,
		     md_diff_fn *fn, void *arg)
{
	struct walk w = {(struct md_table *)t, 0, 0, fn, arg, 0};
	return walk(&w, text, len);
}
