/* testutil.c - helpers shared by the rules, identity and seed suites
 * (see testutil.h). */
#define _GNU_SOURCE
#include "testutil.h"
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct md_table *tu_table(enum md_policy policy)
{
	struct md_table *t = md_table_new(PG, policy);
	ck_assert_ptr_nonnull(t);
	return t;
}

int tu_anon(struct md_table *t, unsigned i, unsigned n, unsigned kind, unsigned prot,
	    uint64_t ev)
{
	struct md_map_req r = {.start = AT(i), .len = n * PG, .prot = (uint8_t)prot,
			       .kind = (uint8_t)kind};
	return md_table_map(t, &r, ev);
}

int tu_file(struct md_table *t, unsigned i, unsigned n, unsigned kind, unsigned prot,
	    uint64_t dev, uint64_t ino, uint64_t off, uint64_t ev)
{
	struct md_map_req r = {.start = AT(i), .len = n * PG, .prot = (uint8_t)prot,
			       .kind = (uint8_t)kind, .dev = dev, .ino = ino, .off = off,
			       .path = "/tmp/file"};
	return md_table_map(t, &r, ev);
}

uint64_t tu_obj(const struct md_table *t, uint64_t addr)
{
	const struct md_piece *p = md_table_find(t, addr);
	return p ? p->obj : 0;
}

uint64_t tu_off(const struct md_table *t, uint64_t addr)
{
	const struct md_piece *p = md_table_find(t, addr);
	ck_assert_msg(p != NULL, "page 0x%llx unmapped", (unsigned long long)addr);
	return p->off + (addr - p->start);
}

struct md_desc *tu_desc(const struct md_table *t, unsigned i, unsigned n, enum md_dir dir,
			uint64_t at)
{
	struct md_range r = {AT(i), n * PG};
	struct md_desc *d = md_desc_capture(t, &r, 1, MD_OPT_PERSISTENT, dir, at);
	ck_assert_ptr_nonnull(d);
	return d;
}

void tu_judge(const struct md_table *t, struct md_desc *d, uint64_t at,
	      struct md_verdict *v, int keep)
{
	md_with_persistent(t, d, md_table_policy(t), at, v);
	if (!keep) {
		md_desc_release(v->desc);
		v->desc = NULL;
	}
}

/* ---------- maps texts ---------- */

static int parse_line(const char *s, size_t len, struct maps_line *l)
{
	char line[8192], perms[8];
	int used = 0;
	if (len >= sizeof line)
		return -1;
	memcpy(line, s, len);
	line[len] = 0;
	*l = (struct maps_line){0};
	if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %x:%x %" SCNu64 "%n",
		   &l->start, &l->end, perms, &l->off, &l->maj, &l->min, &l->ino, &used) < 7)
		return -1;
	if (strlen(perms) != 4 || l->end <= l->start)
		return -1;
	memcpy(l->perms, perms, 5);
	const char *p = line + used;
	while (*p == ' ' || *p == '\t')
		p++;
	l->path = strdup(p);
	return l->path ? 0 : -1;
}

int maps_parse(const char *text, size_t len, struct maps *m)
{
	size_t cap = 0;
	*m = (struct maps){0};
	const char *s = text, *end = text + len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		if (le > s) {
			if (m->n == cap) {
				cap = cap ? cap * 2 : 64;
				struct maps_line *v = realloc(m->v, cap * sizeof *v);
				if (!v)
					goto fail;
				m->v = v;
			}
			if (parse_line(s, (size_t)(le - s), &m->v[m->n]) < 0)
				goto fail;
			m->n++;
		}
		s = le + 1;
	}
	return 0;
fail:
	maps_free(m);
	return -1;
}

void maps_free(struct maps *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].path);
	free(m->v);
	*m = (struct maps){0};
}

static struct maps_line *find_named(struct maps *m, const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->v[i].path, name))
			return &m->v[i];
	return NULL;
}

void maps_clip_stack(struct maps *a, struct maps *b)
{
	struct maps_line *x = find_named(a, "[stack]"), *y = find_named(b, "[stack]");
	if (!x || !y || x->end != y->end)
		return;
	uint64_t lo = x->start > y->start ? x->start : y->start;
	x->start = y->start = lo;
}

/* Offset of page addr in its line: inode-backed lines count it from the
 * line's offset, the others show a constant. */
static uint64_t page_off(const struct maps_line *l, uint64_t addr)
{
	return l->ino ? l->off + (addr - l->start) : l->off;
}

static void describe(char *why, size_t n, uint64_t addr, const char *what,
		     const struct maps_line *x, const struct maps_line *y)
{
	snprintf(why, n, "page 0x%" PRIx64 ": %s: [%" PRIx64 "-%" PRIx64 " %s %" PRIx64
		 " %02x:%02x %" PRIu64 " '%s'] vs [%" PRIx64 "-%" PRIx64 " %s %" PRIx64
		 " %02x:%02x %" PRIu64 " '%s']",
		 addr, what, x->start, x->end, x->perms, x->off, x->maj, x->min, x->ino,
		 x->path, y->start, y->end, y->perms, y->off, y->maj, y->min, y->ino, y->path);
}

static int same_page(const struct maps_line *x, const struct maps_line *y, uint64_t addr,
		     char *why, size_t n)
{
	const char *what = NULL;
	if (strcmp(x->perms, y->perms))
		what = "perms differ";
	else if (x->maj != y->maj || x->min != y->min)
		what = "device differs";
	else if (x->ino != y->ino)
		what = "inode differs";
	else if (page_off(x, addr) != page_off(y, addr))
		what = "offset differs";
	else if (strcmp(x->path, y->path))
		what = "path differs";
	if (!what)
		return 1;
	describe(why, n, addr, what, x, y);
	return 0;
}

/* A sweep over the boundaries of both texts: every run of pages between two
 * boundaries is covered by at most one line of each, so comparing the runs
 * compares every page without visiting each one. */
int maps_compare(const struct maps *a, const struct maps *b, char *why, size_t n)
{
	size_t i = 0, j = 0;
	uint64_t addr = 0;
	for (;;) {
		while (i < a->n && a->v[i].end <= addr)
			i++;
		while (j < b->n && b->v[j].end <= addr)
			j++;
		const struct maps_line *x = i < a->n ? &a->v[i] : NULL;
		const struct maps_line *y = j < b->n ? &b->v[j] : NULL;
		if (!x && !y)
			return 0;
		int inx = x && x->start <= addr, iny = y && y->start <= addr;
		if (!inx && !iny) {
			uint64_t xs = x ? x->start : UINT64_MAX, ys = y ? y->start : UINT64_MAX;
			addr = xs < ys ? xs : ys;
			continue;
		}
		if (inx != iny) {
			const struct maps_line *l = inx ? x : y;
			snprintf(why, n, "page 0x%" PRIx64 " mapped only in the %s text "
				 "(line %" PRIx64 "-%" PRIx64 " %s '%s')", addr,
				 inx ? "first" : "second", l->start, l->end, l->perms, l->path);
			return -1;
		}
		if (!same_page(x, y, addr, why, n))
			return -1;
		addr = x->end < y->end ? x->end : y->end;
	}
}

long read_proc(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t len = 0;
	for (;;) {
		if (len == cap) {
			len = (size_t)-1;
			break;
		}
		ssize_t k = read(fd, buf + len, cap - len);
		if (k < 0) {
			len = (size_t)-1;
			break;
		}
		if (k == 0)
			break;
		len += (size_t)k;
	}
	close(fd);
	return len == (size_t)-1 ? -1 : (long)len;
}
