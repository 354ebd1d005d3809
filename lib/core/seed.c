/* seed.c - fill a table from the text of /proc/PID/maps: what was mapped
 * before tracing began.  Hand-parsed (no stdio): it runs in the preloaded
 * library's constructor. */
#define _GNU_SOURCE
#include "table_internal.h"
#include <string.h>
#include <sys/sysmacros.h>

static const char *hex(const char *s, const char *end, uint64_t *v)
{
	uint64_t x = 0;
	const char *b = s;
	for (; s < end; s++) {
		unsigned d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		if (x >> 60)
			return NULL;
		x = x * 16 + d;
	}
	*v = x;
	return s > b ? s : NULL;
}

static const char *dec(const char *s, const char *end, uint64_t *v)
{
	uint64_t x = 0;
	const char *b = s;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		if (x > (UINT64_MAX - 9) / 10)
			return NULL;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*v = x;
	return s > b ? s : NULL;
}

static const char *skip(const char *s, const char *end, char c)
{
	return s && s < end && *s == c ? s + 1 : NULL;
}

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Kind and identity of one seeded line (mdtrace-verdicts(7), BACKING OBJECTS). */
void md_maps_request(const struct md_maps_line *l, struct md_map_req *r)
{
	const char *path = l->path;
	*r = (struct md_map_req){.start = l->lo, .len = l->hi - l->lo, .prot = l->prot,
				 .flags = MD_PF_SEEDED, .dev = l->dev, .ino = l->ino,
				 .off = l->off, .path = path};
	if (starts(path, "/SYSV"))
		r->kind = MD_SHM; /* the kernel's shm inode number is the shmid */
	else if (l->shared && l->ino)
		r->kind = starts(path, "/dev/zero") ? MD_ANON_SHARED : MD_FILE_SHARED;
	else if (!strcmp(path, "[heap]"))
		r->kind = MD_HEAP;
	else if (!strcmp(path, "[stack]"))
		r->kind = MD_STACK;
	else if (path[0] == '[' && !starts(path, "[anon"))
		r->kind = MD_SPECIAL;
	else if (l->ino)
		r->kind = MD_FILE_PRIVATE;
	else
		r->kind = l->shared ? MD_ANON_SHARED : MD_ANON_PRIVATE;
}

int md_maps_parse(const char *s, const char *end, struct md_maps_line *l)
{
	uint64_t maj, min;
	s = hex(s, end, &l->lo);
	s = skip(s, end, '-');
	if (s)
		s = hex(s, end, &l->hi);
	s = skip(s, end, ' ');
	if (!s || end - s < 5 || l->hi <= l->lo)
		return -1;
	const char *perm = s;
	if ((perm[0] != 'r' && perm[0] != '-') || (perm[1] != 'w' && perm[1] != '-') ||
	    (perm[2] != 'x' && perm[2] != '-') || (perm[3] != 's' && perm[3] != 'p'))
		return -1;
	s = skip(s + 4, end, ' ');
	if (s)
		s = hex(s, end, &l->off);
	s = skip(s, end, ' ');
	if (s)
		s = hex(s, end, &maj);
	s = skip(s, end, ':');
	if (s)
		s = hex(s, end, &min);
	s = skip(s, end, ' ');
	if (s)
		s = dec(s, end, &l->ino);
	if (!s || maj > 0xfff || min > 0xfffff)
		return -1;
	while (s < end && *s == ' ')
		s++;
	size_t n = (size_t)(end - s);
	if (n > sizeof l->path - 1)
		n = sizeof l->path - 1;
	memcpy(l->path, s, n);
	l->path[n] = 0;
	l->dev = makedev(maj, min);
	l->prot = (perm[0] == 'r' ? MD_PROT_R : 0) | (perm[1] == 'w' ? MD_PROT_W : 0) |
		  (perm[2] == 'x' ? MD_PROT_X : 0);
	l->shared = perm[3] == 's';
	return 0;
}

static int seed_line(struct md_table *t, const char *s, const char *end, uint64_t ev)
{
	struct md_maps_line l;
	struct md_map_req r;
	if (md_maps_parse(s, end, &l) < 0)
		return -1;
	md_maps_request(&l, &r);
	if (r.kind == MD_HEAP && !t->heap_start)
		t->heap_start = l.lo;
	if (md_table_map(t, &r, ev) < 0)
		return -1;
	if (r.kind == MD_SHM && l.off == 0) {
		const struct md_piece *p = md_table_find(t, l.lo);
		struct md_file *f = p ? (struct md_file *)md_table_file(t, p->file) : NULL;
		if (f && f->size < l.hi - l.lo)
			f->size = l.hi - l.lo;
	}
	return 0;
}

int md_table_seed(struct md_table *t, const char *text, size_t len, uint64_t ev)
{
	const char *s = text, *end = text + len;
	int added = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		if (le > s) {
			if (seed_line(t, s, le, ev) < 0)
				return -1;
			added++;
		}
		s = le + 1;
	}
	return added;
}
