/* kmaps.c - /proc/self/maps and pagemap as the oracle (see kmaps.h). */
#define _GNU_SOURCE
#include "kmaps.h"
#include "procfmt.h"
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static char text_buf[4 << 20];

static const char *hex(const char *s, uint64_t *v)
{
	uint64_t x = 0;
	const char *b = s;
	for (;; s++) {
		unsigned d;
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else
			break;
		x = x * 16 + d;
	}
	*v = x;
	return s > b ? s : NULL;
}

static const char *dec(const char *s, uint64_t *v)
{
	uint64_t x = 0;
	const char *b = s;
	for (; *s >= '0' && *s <= '9'; s++)
		x = x * 10 + (uint64_t)(*s - '0');
	*v = x;
	return s > b ? s : NULL;
}

static const char *expect(const char *s, char c)
{
	return s && *s == c ? s + 1 : NULL;
}

static int parse_line(struct km_line *l, const char *s, const char *end)
{
	uint64_t maj, min;
	l->text = s;
	l->textlen = (int)(end - s);
	s = expect(hex(s, &l->start), '-');
	s = s ? expect(hex(s, &l->end), ' ') : NULL;
	if (!s || end - s < 5)
		return -1;
	l->prot = (s[0] == 'r' ? MD_PROT_R : 0) | (s[1] == 'w' ? MD_PROT_W : 0) |
		  (s[2] == 'x' ? MD_PROT_X : 0);
	l->shared = s[3] == 's';
	s = expect(s + 4, ' ');
	s = s ? expect(hex(s, &l->off), ' ') : NULL;
	s = s ? expect(hex(s, &maj), ':') : NULL;
	s = s ? expect(hex(s, &min), ' ') : NULL;
	s = s ? dec(s, &l->ino) : NULL;
	if (!s)
		return -1;
	l->dev = makedev(maj, min);
	return 0;
}

int km_read(struct km_maps *m)
{
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t len = 0;
	ssize_t r;
	while ((r = read(fd, text_buf + len, sizeof text_buf - 1 - len)) > 0)
		len += (size_t)r;
	close(fd);
	if (r < 0 || len >= sizeof text_buf - 1)
		return -1;
	text_buf[len] = 0;
	m->text = text_buf;
	m->len = len;
	m->n = 0;
	for (const char *s = text_buf, *end = text_buf + len; s < end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		if (le > s) {
			if (m->n == KM_MAX_LINES || parse_line(&m->v[m->n], s, le) < 0)
				return -1;
			m->n++;
		}
		s = le + 1;
	}
	return 0;
}

/* The first line with end > addr, or NULL. */
static const struct km_line *km_next(const struct km_maps *m, uint64_t addr)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->v[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo < m->n ? &m->v[lo] : NULL;
}

const struct km_line *km_find(const struct km_maps *m, uint64_t addr)
{
	const struct km_line *l = km_next(m, addr);
	return l && l->start <= addr ? l : NULL;
}

static int filed_kind(unsigned kind)
{
	return kind == MD_FILE_SHARED || kind == MD_FILE_PRIVATE || kind == MD_SHM ||
	       kind == MD_ANON_SHARED;
}

/* Shared objects seen so far in one comparison, with their kernel inode. */
struct pairs {
	size_t n;
	struct {
		uint64_t obj, dev, ino;
	} v[512];
};

static const char *pair(struct pairs *ps, uint64_t obj, uint64_t dev, uint64_t ino)
{
	for (size_t i = 0; i < ps->n; i++) {
		int so = ps->v[i].obj == obj;
		int sk = ps->v[i].dev == dev && ps->v[i].ino == ino;
		if (so && !sk)
			return "one table object shows as two kernel inodes";
		if (sk && !so)
			return "one kernel inode shows as two table objects";
		if (so)
			return NULL;
	}
	if (ps->n < sizeof ps->v / sizeof ps->v[0]) {
		ps->v[ps->n].obj = obj;
		ps->v[ps->n].dev = dev;
		ps->v[ps->n].ino = ino;
		ps->n++;
	}
	return NULL;
}

/* What differs between piece p and line l at p->start, or NULL. */
static const char *differ(const struct md_table *t, const struct md_piece *p,
			  const struct km_line *l, struct pairs *ps)
{
	if (!p->obj != !l)
		return p->obj ? "table maps, kernel does not" : "kernel maps, table does not";
	if (!l)
		return NULL;
	if (p->prot != l->prot)
		return "access (rwx) differs";
	if (md_kind_shared(p->kind) != l->shared)
		return "shared/private (s/p) differs";
	/* a file has a device even when its inode is 0 (System V shmid 0) */
	int kfiled = l->ino || l->dev;
	if (filed_kind(p->kind) != kfiled)
		return "file-backed in one, anonymous in the other";
	if (!kfiled)
		return NULL;
	if (p->off != l->off + (p->start - l->start))
		return "file offset differs";
	const struct md_file *f = md_table_file(t, p->file);
	int have_dev = f && f->key == MD_FKEY_FILE;
	int have_ino = f && f->key != MD_FKEY_NAME;
	if (have_dev && f->dev != l->dev)
		return "device differs";
	if (have_ino && f->ino != l->ino)
		return "inode differs";
	if (p->kind == MD_FILE_PRIVATE)
		return NULL;
	return pair(ps, p->obj, l->dev, l->ino);
}

static void report(const struct md_table *t, const struct md_piece *p,
		   const struct km_line *l, const char *why, char *msg, size_t n)
{
	char tl[512] = "(unmapped)\n";
	if (p->obj) {
		FILE *f = fmemopen(tl, sizeof tl, "w");
		if (f) {
			md_print_table(f, t, p);
			fclose(f);
		}
	}
	snprintf(msg, n, "first differing page %#llx: %s\n  kernel: %.*s\n  table:  %s",
		 (unsigned long long)p->start, why, l ? l->textlen : 10,
		 l ? l->text : "(unmapped)", tl);
}

int km_compare(const struct km_maps *m, const struct md_table *t,
	       const struct km_range *r, size_t nr, char *msg, size_t n)
{
	static struct pairs ps;
	ps.n = 0;
	for (size_t i = 0; i < nr; i++) {
		for (uint64_t a = r[i].s; a < r[i].e;) {
			struct md_piece p;
			md_table_span(t, a, r[i].e, &p);
			const struct km_line *l = km_next(m, a);
			uint64_t kend = l ? (l->start <= a ? l->end : l->start) : r[i].e;
			if (l && l->start > a)
				l = NULL;
			const char *why = differ(t, &p, l, &ps);
			if (why) {
				report(t, &p, l, why, msg, n);
				return 1;
			}
			a = p.end < kend ? p.end : kend;
		}
	}
	return 0;
}

static uint64_t pagemap_entry(uint64_t addr)
{
	static int fd = -1;
	if (fd < 0)
		fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	uint64_t e = 0;
	long ps = sysconf(_SC_PAGESIZE);
	if (fd < 0 || pread(fd, &e, sizeof e, (off_t)(addr / (uint64_t)ps * 8)) != sizeof e)
		return 0;
	return e;
}

void km_page(const struct km_maps *m, const struct md_table *t, uint64_t addr,
	     struct km_page *out)
{
	memset(out, 0, sizeof *out);
	out->addr = addr;
	const struct md_piece *p = md_table_find(t, addr);
	if (p) {
		out->tmapped = 1;
		out->obj = p->obj;
		out->off = p->off + (addr - p->start);
		out->kind = p->kind;
	}
	const struct km_line *l = km_find(m, addr);
	if (l) {
		out->kmapped = 1;
		out->kdev = l->dev;
		out->kino = l->ino;
		out->koff = l->off + (addr - l->start);
		out->kshared = l->shared;
		uint64_t e = pagemap_entry(addr);
		out->present = (int)(e >> 63);
		out->pfn = out->present ? e & ((1ULL << 55) - 1) : 0;
	}
}

int km_pfn_visible(void)
{
	long ps = sysconf(_SC_PAGESIZE);
	volatile char *p = mmap(NULL, (size_t)ps, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	p[0] = 1;
	uint64_t e = pagemap_entry((uint64_t)(uintptr_t)p);
	munmap((void *)p, (size_t)ps);
	return (e >> 63) && (e & ((1ULL << 55) - 1));
}
