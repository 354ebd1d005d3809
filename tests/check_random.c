/* check_random.c - randomized differential test of the range table.
 *
 * Random mapping calls, all of them ones the kernel would accept, go both to
 * the real table (lib/core/table.h) and to the page-array model (model.h),
 * and after every step the two must agree page by page: mapped or not,
 * protection, kind, flags, offset, and object up to renaming (a bijection
 * between model and table ids that must stay consistent for the whole run;
 * a new object must get a table id never issued before).  The table's own
 * lookups (find, next, span, walk) must also agree with each other.
 *
 * Seeds: MDTRACE_SEED (decimal or 0x hex) replaces the default base seed;
 * seeds base .. base+7 run under each policy.  A failure names the seed,
 * policy, step, the operation and the first page that differs. */
#define _GNU_SOURCE
#include "check_main.h"
#include "splitmix.h"
#include "model.h"
#include "table.h"
#include <check.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "xlat.h" /* MREMAP_DONTUNMAP where libc lacks it */

enum {
	PSZ = 4096,
	WINDOW = 512,                /* pages in the random test's window */
	HEAP_PAGES = 64,             /* the heap may use the window's top pages */
	NSEEDS = 8,
	NSTEPS = 5000,
	BIG_PAGES = 70000,           /* > 65530 (the kernel's max_map_count) */
	BIG_STEPS = 2000,
};

static const uint64_t BASE = 0x100000000000ULL;
static const uint64_t DEFAULT_SEED = 0x6d64747261636531ULL;

/* ---------- random numbers (splitmix64) ---------- */

static uint64_t rng;

static uint64_t rnd(void)
{
	return splitmix64(&rng);
}

/* Uniform in [0, n). */
static size_t below(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

/* Mostly short lengths, 1..max pages. */
static size_t short_len(size_t max)
{
	size_t cap = 1 + below(below(4) ? 8 : 32);
	return 1 + below(cap < max ? cap : max);
}

/* A byte length the kernel rounds up to `pages`. */
static uint64_t bytes(size_t pages)
{
	uint64_t b = (uint64_t)pages * PSZ;
	return below(4) ? b : b - below(PSZ);
}

static uint64_t base_seed(void)
{
	const char *s = getenv("MDTRACE_SEED");
	return s && *s ? strtoull(s, NULL, 0) : DEFAULT_SEED;
}

/* ---------- the object bijection ---------- */

struct bij {
	uint64_t *m2t, *t2m;
	size_t mcap, tcap;
	/* born[m]: the table's last object id before the step that created
	 * model object m; its table id must be above it. */
	uint64_t *born;
	size_t bcap;
};

static uint64_t *cell(uint64_t **a, size_t *cap, uint64_t i)
{
	if (i >= *cap) {
		size_t n = *cap ? *cap : 1024;
		while (n <= i)
			n *= 2;
		*a = realloc(*a, n * sizeof **a);
		ck_assert_ptr_nonnull(*a);
		memset(*a + *cap, 0, (n - *cap) * sizeof **a);
		*cap = n;
	}
	return &(*a)[i];
}

static void bij_copy(struct bij *dst, const struct bij *src)
{
	*dst = *src;
	dst->m2t = malloc(src->mcap * sizeof *dst->m2t);
	dst->t2m = malloc(src->tcap * sizeof *dst->t2m);
	dst->born = malloc(src->bcap * sizeof *dst->born);
	ck_assert(dst->m2t && dst->t2m && dst->born);
	memcpy(dst->m2t, src->m2t, src->mcap * sizeof *dst->m2t);
	memcpy(dst->t2m, src->t2m, src->tcap * sizeof *dst->t2m);
	memcpy(dst->born, src->born, src->bcap * sizeof *dst->born);
}

static void bij_free(struct bij *b)
{
	free(b->m2t);
	free(b->t2m);
	free(b->born);
	*b = (struct bij){0};
}

/* ---------- one traced process: table, model and the renaming ---------- */

struct world {
	struct md_table *t;
	struct model m;
	struct bij b;
	uint64_t last_obj;    /* table's last object id before this step */
	uint64_t model_last;  /* model's last object id before this step */
	char err[400];
};

static const char *policy_name(enum md_policy p)
{
	return p == MD_POLICY_DMA ? "dma" : "contract";
}

static unsigned table_kind(unsigned mk)
{
	switch (mk) {
	case MK_ANON_PRIVATE: return MD_ANON_PRIVATE;
	case MK_ANON_SHARED: return MD_ANON_SHARED;
	case MK_FILE_SHARED: return MD_FILE_SHARED;
	case MK_FILE_PRIVATE: return MD_FILE_PRIVATE;
	case MK_SHM: return MD_SHM;
	case MK_HEAP: return MD_HEAP;
	}
	return 0;
}

static unsigned table_flags(unsigned mf)
{
	return (mf & MF_DONTFORK ? MD_PF_DONTFORK : 0) |
	       (mf & MF_WIPEONFORK ? MD_PF_WIPEONFORK : 0);
}

static void world_init(struct world *w, size_t pages, enum md_policy policy)
{
	memset(w, 0, sizeof *w);
	w->t = md_table_new(PSZ, policy);
	ck_assert_ptr_nonnull(w->t);
	model_init(&w->m, BASE, pages, PSZ, policy == MD_POLICY_DMA);
	static const uint64_t shm_bytes[MODEL_NSHM] = {3 * PSZ, 5 * PSZ - 100, 8 * PSZ};
	for (unsigned i = 0; i < MODEL_NSHM; i++)
		w->m.shm_size[i] = model_pages(&w->m, shm_bytes[i]) * PSZ;
	w->m.heap_start = w->m.brk = model_addr(&w->m, pages - HEAP_PAGES);
	md_table_set_heap_start(w->t, w->m.heap_start);
}

static void world_free(struct world *w)
{
	md_table_free(w->t);
	model_free(&w->m);
	bij_free(&w->b);
}

/* Note where a step starts, so the objects it creates can be told apart. */
static void step_begin(struct world *w)
{
	w->last_obj = md_table_last_object(w->t);
	w->model_last = w->m.next_obj;
}

static void step_end(struct world *w)
{
	for (uint64_t m = w->model_last + 1; m <= w->m.next_obj; m++)
		*cell(&w->b.born, &w->b.bcap, m) = w->last_obj;
}

/* ---------- comparison ---------- */

static int mismatch(struct world *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int mismatch(struct world *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->err, sizeof w->err, fmt, ap);
	va_end(ap);
	return -1;
}

static void page_text(char *buf, size_t n, const struct mpage *mp, const struct md_piece *p,
		      uint64_t addr)
{
	int k = snprintf(buf, n, "model ");
	if (mp->obj)
		k += snprintf(buf + k, n - k, "{obj m%" PRIu64 " off %#" PRIx64 " prot %u kind %s flags %u}",
			      mp->obj, mp->off, mp->prot, md_kind_name(table_kind(mp->kind)),
			      table_flags(mp->flags));
	else
		k += snprintf(buf + k, n - k, "unmapped");
	k += snprintf(buf + k, n - k, ", table ");
	if (p)
		snprintf(buf + k, n - k, "{obj t%" PRIu64 " off %#" PRIx64 " prot %u kind %s flags %u,"
			 " piece [%#" PRIx64 ", %#" PRIx64 ")}",
			 p->obj, p->off + (addr - p->start), p->prot, md_kind_name(p->kind),
			 p->flags, p->start, p->end);
	else
		snprintf(buf + k, n - k, "unmapped");
}

/* The model object mobj must be the table object tobj, now and always. */
static int same_object(struct world *w, uint64_t mobj, uint64_t tobj, uint64_t addr)
{
	uint64_t *mt = cell(&w->b.m2t, &w->b.mcap, mobj);
	uint64_t *tm = cell(&w->b.t2m, &w->b.tcap, tobj);
	if (*mt == tobj && *tm == mobj)
		return 0;
	if (*mt)
		return mismatch(w, "page %#" PRIx64 ": model object m%" PRIu64 " is table object t%" PRIu64
			    " elsewhere but t%" PRIu64 " here", addr, mobj, *mt, tobj);
	if (*tm)
		return mismatch(w, "page %#" PRIx64 ": table object t%" PRIu64 " stands for model object m%"
			    PRIu64 " elsewhere but for the new m%" PRIu64 " here (id reused or"
			    " identity not renewed)", addr, tobj, *tm, mobj);
	if (tobj > md_table_last_object(w->t))
		return mismatch(w, "page %#" PRIx64 ": table object t%" PRIu64 " was never issued", addr, tobj);
	/* A file's object exists from the file's first use, even a private one. */
	uint64_t born = *cell(&w->b.born, &w->b.bcap, mobj);
	if (tobj <= born && !model_obj_is_file(&w->m, mobj))
		return mismatch(w, "page %#" PRIx64 ": new object got id t%" PRIu64 ", not above t%" PRIu64
			    " issued before", addr, tobj, born);
	*mt = tobj;
	*tm = mobj;
	return 0;
}

static int same_piece(const struct md_piece *a, const struct md_piece *b)
{
	return a->start == b->start && a->end == b->end && a->obj == b->obj &&
	       a->off == b->off && a->prot == b->prot && a->kind == b->kind &&
	       a->flags == b->flags && a->file == b->file;
}

/* find, next and span at page i agree with each other and with the model. */
static int check_page(struct world *w, size_t i)
{
	uint64_t addr = model_addr(&w->m, i), limit = model_addr(&w->m, w->m.npages);
	const struct mpage *mp = &w->m.pg[i];
	const struct md_piece *p = md_table_find(w->t, addr);
	const struct md_piece *n = md_table_next(w->t, addr);
	char txt[256];
	if (p ? n != p : n && n->start <= addr)
		return mismatch(w, "page %#" PRIx64 ": md_table_next disagrees with md_table_find", addr);
	struct md_piece sp;
	md_table_span(w->t, addr, limit, &sp);
	struct md_piece want = {.start = addr, .end = n && n->start < limit ? n->start : limit};
	if (p) {
		want = *p;
		want.start = addr;
		want.off = p->off + (addr - p->start);
		want.end = p->end < limit ? p->end : limit;
	}
	if (!same_piece(&sp, &want))
		return mismatch(w, "page %#" PRIx64 ": md_table_span gives [%#" PRIx64 ", %#" PRIx64
			    ") obj %" PRIu64 ", find/next imply [%#" PRIx64 ", %#" PRIx64 ") obj %"
			    PRIu64, addr, sp.start, sp.end, sp.obj, want.start, want.end, want.obj);
	if (!mp->obj && !p)
		return 0;
	if (!mp->obj != !p || p->prot != mp->prot || p->kind != table_kind(mp->kind) ||
	    p->flags != table_flags(mp->flags) || p->off + (addr - p->start) != mp->off) {
		page_text(txt, sizeof txt, mp, p, addr);
		return mismatch(w, "first differing page %#" PRIx64 " (window page %zu): %s", addr, i, txt);
	}
	if (same_object(w, mp->obj, p->obj, addr) < 0) {
		page_text(txt, sizeof txt, mp, p, addr);
		size_t k = strlen(w->err);
		snprintf(w->err + k, sizeof w->err - k, "; %s", txt);
		return -1;
	}
	return 0;
}

struct pieces {
	struct md_piece *v;
	size_t n, cap, stop;
};

static int collect(const struct md_piece *p, void *arg)
{
	struct pieces *ps = arg;
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 256;
		ps->v = realloc(ps->v, ps->cap * sizeof *ps->v);
		ck_assert_ptr_nonnull(ps->v);
	}
	ps->v[ps->n++] = *p;
	return ps->stop && ps->n == ps->stop ? 7 : 0;
}

static struct pieces all;

/* A walk of [s, e) that stops after k pieces matches the full walk. */
static int check_subwalk(struct world *w, uint64_t s, uint64_t e, size_t k)
{
	struct pieces sub = {.stop = k};
	int rv = md_table_walk(w->t, s, e, collect, &sub);
	size_t j = 0, err = 0;
	for (size_t i = 0; i < all.n && !err; i++) {
		struct md_piece c = all.v[i];
		if (c.end <= s || c.start >= e)
			continue;
		if (c.start < s) {
			c.off += s - c.start;
			c.start = s;
		}
		if (c.end > e)
			c.end = e;
		if (j == k)
			break;
		if (j >= sub.n || !same_piece(&c, &sub.v[j]))
			err = 1;
		j++;
	}
	if (!err && (j != sub.n || rv != (sub.n == k ? 7 : 0)))
		err = 1;
	free(sub.v);
	if (err)
		return mismatch(w, "md_table_walk(%#" PRIx64 ", %#" PRIx64 ") stopping after %zu pieces"
			    " disagrees with the full walk", s, e, k);
	return 0;
}

/* Everything: invariants, the full walk against find, every page. */
static int check_all(struct world *w)
{
	const char *e = md_table_check(w->t);
	if (e)
		return mismatch(w, "md_table_check: %s", e);
	all.n = 0;
	all.stop = 0;
	md_table_walk(w->t, 0, UINT64_MAX, collect, &all);
	if (all.n != md_table_count(w->t))
		return mismatch(w, "full walk saw %zu pieces, md_table_count says %zu",
			    all.n, md_table_count(w->t));
	uint64_t lo = w->m.base, hi = model_addr(&w->m, w->m.npages);
	size_t j = 0;
	for (size_t i = 0; i < all.n; i++)
		if (all.v[i].start < lo || all.v[i].end > hi ||
		    (i && all.v[i].start < all.v[i - 1].end))
			return mismatch(w, "walk piece [%#" PRIx64 ", %#" PRIx64 ") out of order or"
				    " outside the window", all.v[i].start, all.v[i].end);
	for (size_t i = 0; i < w->m.npages; i++) {
		uint64_t addr = model_addr(&w->m, i);
		while (j < all.n && all.v[j].end <= addr)
			j++;
		const struct md_piece *wp = j < all.n && all.v[j].start <= addr ? &all.v[j] : NULL;
		const struct md_piece *p = md_table_find(w->t, addr);
		if (!p != !wp || (p && !same_piece(p, wp)))
			return mismatch(w, "page %#" PRIx64 ": md_table_walk and md_table_find disagree", addr);
		if (check_page(w, i) < 0)
			return -1;
	}
	uint64_t s = model_addr(&w->m, below(w->m.npages));
	uint64_t t = model_addr(&w->m, below(w->m.npages) + 1);
	return check_subwalk(w, s < t ? s : t, s < t ? t : s, 1 + below(6));
}

/* ---------- operations ---------- */

enum op_code { OP_MAP, OP_UNMAP, OP_PROTECT, OP_ADVISE, OP_REMAP, OP_BRK,
	       OP_SHMAT, OP_SHMDT, OP_FORK };

struct op {
	enum op_code code;
	uint64_t a, len, b, len2, off;
	unsigned prot, kind, file, seg;
	enum model_advice adv;
	int flags;
	char text[200];
};

static const unsigned prots[] = {0, PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC,
				 PROT_READ | PROT_WRITE | PROT_EXEC};

static unsigned any_prot(void)
{
	return below(3) ? PROT_READ | PROT_WRITE : prots[below(5)];
}

static int unmapped(const struct model *m, size_t s, size_t n)
{
	if (s + n > m->npages)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (m->pg[s + i].obj)
			return 0;
	return 1;
}

/* A random mapped page, or -1. */
static long mapped_page(const struct model *m)
{
	for (int tries = 0; tries < 32; tries++) {
		size_t i = below(m->npages);
		if (m->pg[i].obj)
			return (long)i;
	}
	return -1;
}

/* A sub-range [*a, *b) of [s, e) holding page i, at most max pages. */
static void sub_range(size_t s, size_t e, size_t i, size_t max, size_t *a, size_t *b)
{
	size_t n = short_len(max < e - s ? max : e - s);
	size_t lo = i + 1 >= s + n ? i + 1 - n : s;
	size_t hi = i < e - n ? i : e - n;
	*a = lo + below(hi - lo + 1);
	*b = *a + n;
}

/* A fully mapped range around a random mapped page. */
static int mapped_range(const struct model *m, size_t *a, size_t *b)
{
	long i = mapped_page(m);
	if (i < 0)
		return -1;
	size_t s = (size_t)i, e = (size_t)i + 1;
	while (s > 0 && m->pg[s - 1].obj)
		s--;
	while (e < m->npages && m->pg[e].obj)
		e++;
	sub_range(s, e, (size_t)i, 32, a, b);
	return 0;
}

static int all_kinds(const struct model *m, size_t a, size_t b, int (*ok)(const struct mpage *))
{
	for (size_t i = a; i < b; i++)
		if (!ok(&m->pg[i]))
			return 0;
	return 1;
}

static int anon_private(const struct mpage *p)
{
	return p->kind == MK_ANON_PRIVATE || p->kind == MK_HEAP;
}

static int shared_writable(const struct mpage *p)
{
	return (p->kind == MK_ANON_SHARED || p->kind == MK_FILE_SHARED) && (p->prot & PROT_WRITE);
}

/* Pages new mappings may use: mostly those below the heap, so that brk
 * can grow, sometimes all of them, so that calls also land on the heap. */
static size_t room(const struct world *w)
{
	return below(8) ? w->m.npages - HEAP_PAGES : w->m.npages;
}

static int gen_map(struct world *w, struct op *o)
{
	static const unsigned kinds[] = {MK_ANON_PRIVATE, MK_ANON_PRIVATE, MK_ANON_PRIVATE,
		MK_ANON_SHARED, MK_FILE_SHARED, MK_FILE_SHARED, MK_FILE_PRIVATE};
	size_t top = room(w), s = below(top);
	size_t n = short_len(top - s);
	o->code = OP_MAP;
	o->a = model_addr(&w->m, s);
	o->len = bytes(n);
	o->kind = kinds[below(sizeof kinds / sizeof kinds[0])];
	o->prot = any_prot();
	o->file = (unsigned)below(MODEL_NFILES);
	o->off = o->kind == MK_FILE_SHARED || o->kind == MK_FILE_PRIVATE ? below(64) * PSZ : 0;
	snprintf(o->text, sizeof o->text, "mmap(%#" PRIx64 ", %#" PRIx64 ", prot %u, %s, file %u,"
		 " off %#" PRIx64 ")", o->a, o->len, o->prot, md_kind_name(table_kind(o->kind)),
		 o->file, o->off);
	return 0;
}

static int gen_unmap(struct world *w, struct op *o)
{
	size_t s = below(w->m.npages);
	o->code = OP_UNMAP;
	o->a = model_addr(&w->m, s);
	o->len = bytes(short_len(w->m.npages - s));
	snprintf(o->text, sizeof o->text, "munmap(%#" PRIx64 ", %#" PRIx64 ")", o->a, o->len);
	return 0;
}

static int gen_protect(struct world *w, struct op *o)
{
	size_t a, b;
	if (mapped_range(&w->m, &a, &b) < 0)
		return -1;
	o->code = OP_PROTECT;
	o->a = model_addr(&w->m, a);
	o->len = bytes(b - a);
	o->prot = prots[below(5)];
	snprintf(o->text, sizeof o->text, "mprotect(%#" PRIx64 ", %#" PRIx64 ", %u)",
		 o->a, o->len, o->prot);
	return 0;
}

static int advice_number(enum model_advice a)
{
	switch (a) {
	case MA_DONTFORK: return MADV_DONTFORK;
	case MA_DOFORK: return MADV_DOFORK;
	case MA_WIPEONFORK: return MADV_WIPEONFORK;
	case MA_KEEPONFORK: return MADV_KEEPONFORK;
	case MA_DONTNEED: return MADV_DONTNEED;
	case MA_FREE: return MADV_FREE;
	case MA_REMOVE: return MADV_REMOVE;
	case MA_WILLNEED: return MADV_WILLNEED;
	}
	return -1;
}

static const char *const advice_names[] = {
	[MA_DONTFORK] = "DONTFORK", [MA_DOFORK] = "DOFORK", [MA_WIPEONFORK] = "WIPEONFORK",
	[MA_KEEPONFORK] = "KEEPONFORK", [MA_DONTNEED] = "DONTNEED", [MA_FREE] = "FREE",
	[MA_REMOVE] = "REMOVE", [MA_WILLNEED] = "WILLNEED",
};

static int gen_advise(struct world *w, struct op *o)
{
	size_t a, b;
	if (mapped_range(&w->m, &a, &b) < 0)
		return -1;
	o->code = OP_ADVISE;
	o->a = model_addr(&w->m, a);
	o->len = bytes(b - a);
	o->adv = (enum model_advice)below(MA_WILLNEED + 1);
	/* Advice the kernel refuses on some mappings (EINVAL/EACCES). */
	if ((o->adv == MA_WIPEONFORK || o->adv == MA_KEEPONFORK || o->adv == MA_FREE) &&
	    !all_kinds(&w->m, a, b, anon_private))
		o->adv = MA_DONTNEED;
	if (o->adv == MA_REMOVE && !all_kinds(&w->m, a, b, shared_writable))
		o->adv = MA_DONTNEED;
	snprintf(o->text, sizeof o->text, "madvise(%#" PRIx64 ", %#" PRIx64 ", MADV_%s)",
		 o->a, o->len, advice_names[o->adv]);
	return 0;
}

/* A destination for n pages not overlapping [a, b): free pages when the
 * kernel picks, anything with MREMAP_FIXED. */
static int remap_dest(struct world *w, size_t a, size_t b, size_t n, int *fixed, size_t *d)
{
	size_t top = room(w);
	*fixed = below(2);
	for (int tries = 0; tries < 32; tries++) {
		if (n > top)
			return -1;
		*d = below(top - n + 1);
		if (*d < b && *d + n > a)
			continue;
		if (*fixed || unmapped(&w->m, *d, n))
			return 0;
	}
	return -1;
}

static int gen_remap(struct world *w, struct op *o)
{
	long i = mapped_page(&w->m);
	if (i < 0)
		return -1;
	size_t s, e, a, b, d;
	model_run(&w->m, (size_t)i, &s, &e);
	unsigned kind = w->m.pg[i].kind;
	if (kind == MK_SHM || kind == MK_HEAP)
		return -1;
	sub_range(s, e, (size_t)i, 32, &a, &b);
	size_t ol = b - a, nl = ol;
	int fixed = 0, type = (int)below(6);
	o->code = OP_REMAP;
	o->flags = 0;
	switch (type) {
	case 0: /* shrink in place */
		if (ol < 2)
			return -1;
		nl = 1 + below(ol - 1);
		d = a;
		break;
	case 1: /* grow in place: the old range must end where its VMA ends */
		a = s + below(e - s);
		b = e;
		ol = b - a;
		nl = ol + short_len(16);
		if (!unmapped(&w->m, b, nl - ol))
			return -1;
		d = a;
		break;
	case 2: /* move, any new size */
		nl = 1 + below(ol + 8);
		/* fall through */
	case 3: /* move, same size, DONTUNMAP */
		if (remap_dest(w, a, b, nl, &fixed, &d) < 0)
			return -1;
		o->flags = MREMAP_MAYMOVE | (fixed ? MREMAP_FIXED : 0) |
			   (type == 3 ? MREMAP_DONTUNMAP : 0);
		break;
	case 4: /* old_len 0: a second view of a shared mapping */
		if (kind != MK_ANON_SHARED && kind != MK_FILE_SHARED)
			return -1;
		ol = 0;
		nl = short_len(8);
		if (remap_dest(w, (size_t)i, (size_t)i + 1, nl, &fixed, &d) < 0)
			return -1;
		a = (size_t)i;
		o->flags = MREMAP_MAYMOVE | (fixed ? MREMAP_FIXED : 0);
		break;
	default: /* grow, moving when the pages above are taken */
		a = s + below(e - s);
		b = e;
		ol = b - a;
		nl = ol + short_len(16);
		if (remap_dest(w, a, b, nl, &fixed, &d) < 0)
			return -1;
		o->flags = MREMAP_MAYMOVE | (fixed ? MREMAP_FIXED : 0);
	}
	o->a = model_addr(&w->m, a);
	o->len = ol ? bytes(ol) : 0;
	o->b = model_addr(&w->m, d);
	o->len2 = bytes(nl);
	snprintf(o->text, sizeof o->text, "mremap(%#" PRIx64 ", %#" PRIx64 ", %#" PRIx64
		 ", flags %d, %#" PRIx64 ") on %s", o->a, o->len, o->len2, o->flags, o->b,
		 md_kind_name(table_kind(kind)));
	return 0;
}

static int gen_brk(struct world *w, struct op *o)
{
	uint64_t nb = w->m.heap_start + below(HEAP_PAGES * PSZ + 1);
	uint64_t a = model_pages(&w->m, w->m.brk) * PSZ, b = model_pages(&w->m, nb) * PSZ;
	/* The kernel refuses to grow the heap into a mapping: shrink instead. */
	if (b > a && !unmapped(&w->m, model_page(&w->m, a), (b - a) / PSZ))
		nb = w->m.heap_start + below(w->m.brk - w->m.heap_start + 1);
	o->code = OP_BRK;
	o->a = w->m.brk;
	o->b = nb;
	snprintf(o->text, sizeof o->text, "brk(%#" PRIx64 " -> %#" PRIx64 ")", o->a, o->b);
	return 0;
}

static int gen_shmat(struct world *w, struct op *o)
{
	o->code = OP_SHMAT;
	o->seg = (unsigned)below(MODEL_NSHM);
	size_t n = model_pages(&w->m, w->m.shm_size[o->seg]);
	size_t s = below(room(w) - n + 1);
	/* without SHM_REMAP the range must be free; with it, anything */
	if (below(2) && !unmapped(&w->m, s, n))
		return -1;
	o->a = model_addr(&w->m, s);
	o->prot = PROT_READ | PROT_WRITE;
	snprintf(o->text, sizeof o->text, "shmat(shmid %u, %#" PRIx64 ")", 1000 + o->seg, o->a);
	return 0;
}

static int gen_shmdt(struct world *w, struct op *o)
{
	size_t s = below(w->m.npages);
	for (size_t k = 0; k < w->m.npages; k++) {
		size_t i = (s + k) % w->m.npages;
		const struct mpage *p = &w->m.pg[i];
		if (p->kind == MK_SHM && p->off == 0) {
			o->code = OP_SHMDT;
			o->a = model_addr(&w->m, i);
			snprintf(o->text, sizeof o->text, "shmdt(%#" PRIx64 ")", o->a);
			return 0;
		}
	}
	return -1;
}

/* Weighted choice that keeps the window roughly half mapped. */
static int gen(struct world *w, struct op *o)
{
	int full = model_mapped(&w->m) * 2 > w->m.npages;
	int weights[] = {
		[OP_MAP] = full ? 8 : 22, [OP_UNMAP] = full ? 22 : 8, [OP_PROTECT] = 10,
		[OP_ADVISE] = 10, [OP_REMAP] = 14, [OP_BRK] = 4, [OP_SHMAT] = full ? 2 : 5,
		[OP_SHMDT] = 4, [OP_FORK] = 1,
	};
	int total = 0;
	for (unsigned i = 0; i < sizeof weights / sizeof weights[0]; i++)
		total += weights[i];
	memset(o, 0, sizeof *o);
	for (;;) {
		int r = (int)below((size_t)total), c = 0;
		while (r >= weights[c])
			r -= weights[c++];
		int rc = 0;
		switch ((enum op_code)c) {
		case OP_MAP: rc = gen_map(w, o); break;
		case OP_UNMAP: rc = gen_unmap(w, o); break;
		case OP_PROTECT: rc = gen_protect(w, o); break;
		case OP_ADVISE: rc = gen_advise(w, o); break;
		case OP_REMAP: rc = gen_remap(w, o); break;
		case OP_BRK: rc = gen_brk(w, o); break;
		case OP_SHMAT: rc = gen_shmat(w, o); break;
		case OP_SHMDT: rc = gen_shmdt(w, o); break;
		case OP_FORK:
			o->code = OP_FORK;
			snprintf(o->text, sizeof o->text, "fork()");
			break;
		}
		if (rc == 0)
			return 0;
	}
}

/* Apply a (non-fork) operation to both sides. */
static int apply(struct world *w, const struct op *o, uint64_t ev)
{
	struct md_table *t = w->t;
	struct model *m = &w->m;
	int rc = 0;
	switch (o->code) {
	case OP_MAP: {
		struct md_map_req r = {.start = o->a, .len = o->len, .prot = (uint8_t)o->prot,
				       .kind = (uint8_t)table_kind(o->kind), .dev = 0x801,
				       .ino = 100 + o->file, .off = o->off};
		if (o->kind == MK_FILE_SHARED || o->kind == MK_FILE_PRIVATE)
			r.path = o->file == 1 ? "/tmp/mdtrace-random-file" : NULL;
		else
			r.dev = r.ino = 0;
		rc = md_table_map(t, &r, ev);
		model_map(m, o->a, o->len, o->prot, o->kind, o->file, o->off);
		break;
	}
	case OP_UNMAP:
		rc = md_table_unmap(t, o->a, o->len, ev);
		model_unmap(m, o->a, o->len);
		break;
	case OP_PROTECT:
		rc = md_table_protect(t, o->a, o->len, o->prot, ev);
		model_protect(m, o->a, o->len, o->prot);
		break;
	case OP_ADVISE:
		rc = md_table_advise(t, o->a, o->len, advice_number(o->adv), ev);
		model_advise(m, o->a, o->len, o->adv);
		break;
	case OP_REMAP:
		rc = md_table_remap(t, o->a, o->len, o->b, o->len2, o->flags, ev);
		model_remap(m, o->a, o->len, o->b, o->len2, (o->flags & MREMAP_DONTUNMAP) != 0);
		break;
	case OP_BRK:
		rc = md_table_brk(t, o->a, o->b, ev);
		model_brk(m, o->b);
		break;
	case OP_SHMAT:
		rc = md_table_shmat(t, o->a, o->seg == 1 ? 5 * PSZ - 100 : m->shm_size[o->seg],
				    1000 + o->seg, o->prot, ev);
		model_shmat(m, o->a, o->seg, o->prot);
		break;
	case OP_SHMDT:
		rc = md_table_shmdt(t, o->a, ev);
		model_shmdt(m, o->a);
		break;
	case OP_FORK:
		break;
	}
	if (rc)
		return mismatch(w, "the table refused the call (returned %d)", rc);
	return 0;
}

/* fork: compare the child with the model's child, then go on with one of
 * the two processes. */
static int do_fork(struct world *w, uint64_t ev, int *use_child)
{
	struct world c;
	memset(&c, 0, sizeof c);
	c.t = md_table_fork(w->t, ev);
	if (!c.t)
		return mismatch(w, "md_table_fork returned NULL");
	model_fork(&w->m, &c.m);
	bij_copy(&c.b, &w->b);
	c.last_obj = w->last_obj;
	c.model_last = w->model_last;
	step_end(&c);
	step_end(w);
	int rc = check_all(&c);
	if (rc < 0)
		snprintf(w->err, sizeof w->err, "in the child: %.380s", c.err);
	else
		rc = check_all(w);
	*use_child = rc == 0 && below(2);
	if (*use_child) {
		struct world tmp = *w;
		*w = c;
		c = tmp;
	}
	world_free(&c);
	return rc;
}

static void report(const struct world *w, uint64_t seed, enum md_policy pol, int step,
		   const struct op *o)
{
	fprintf(stderr, "check_random: seed %#" PRIx64 " (MDTRACE_SEED=%" PRIu64 "), policy %s,"
		" step %d, op %s: %s\n", seed, seed, policy_name(pol), step, o->text, w->err);
}

static void run_seed(uint64_t seed, enum md_policy pol, int steps)
{
	struct world w;
	struct op o;
	world_init(&w, WINDOW, pol);
	rng = seed;
	for (int step = 0; step < steps; step++) {
		gen(&w, &o);
		int rc, child = 0;
		step_begin(&w);
		if (o.code == OP_FORK) {
			rc = do_fork(&w, (uint64_t)step + 1, &child);
		} else {
			rc = apply(&w, &o, (uint64_t)step + 1);
			step_end(&w);
			if (rc == 0)
				rc = check_all(&w);
		}
		if (rc < 0) {
			report(&w, seed, pol, step, &o);
			ck_assert_msg(0, "seed %#" PRIx64 ", policy %s, step %d, op %s: %s",
				      seed, policy_name(pol), step, o.text, w.err);
		}
	}
	world_free(&w);
}

static void run_policy(enum md_policy pol)
{
	uint64_t base = base_seed();
	for (int i = 0; i < NSEEDS; i++)
		run_seed(base + (uint64_t)i, pol, NSTEPS);
}

START_TEST(random_ops_match_model_contract)
{
	run_policy(MD_POLICY_CONTRACT);
}
END_TEST

START_TEST(random_ops_match_model_dma)
{
	run_policy(MD_POLICY_DMA);
}
END_TEST

/* ---------- the large table ---------- */

static int check_sample(struct world *w, int n)
{
	for (int k = 0; k < n; k++)
		if (check_page(w, below(w->m.npages)) < 0)
			return -1;
	return 0;
}

static void big_fail(struct world *w, int step, const char *what)
{
	fprintf(stderr, "check_random: large table, seed %#" PRIx64 ", step %d, %s: %s\n",
		base_seed(), step, what, w->err);
	ck_assert_msg(0, "large table, step %d, %s: %s", step, what, w->err);
}

/* Every page its own piece (alternating protection), well over the
 * kernel's default vm.max_map_count of 65530, then random updates. */
START_TEST(large_table_matches_model)
{
	struct world w;
	struct op o;
	world_init(&w, BIG_PAGES, MD_POLICY_CONTRACT);
	rng = base_seed() ^ 0xb16;
	o = (struct op){.code = OP_MAP, .a = BASE, .len = (uint64_t)BIG_PAGES * PSZ,
			.prot = PROT_READ | PROT_WRITE, .kind = MK_ANON_PRIVATE};
	snprintf(o.text, sizeof o.text, "mmap of the whole window");
	step_begin(&w);
	if (apply(&w, &o, 1) < 0)
		big_fail(&w, 0, o.text);
	step_end(&w);
	for (size_t i = 0; i < BIG_PAGES; i += 2) {
		o = (struct op){.code = OP_PROTECT, .a = model_addr(&w.m, i), .len = PSZ,
				.prot = PROT_READ};
		if (apply(&w, &o, 2) < 0)
			big_fail(&w, 0, "mprotect of every other page");
	}
	ck_assert_uint_eq(model_runs(&w.m), BIG_PAGES);
	ck_assert_uint_eq(md_table_count(w.t), BIG_PAGES);
	if (check_all(&w) < 0)
		big_fail(&w, 0, "after building");
	for (int step = 1; step <= BIG_STEPS; step++) {
		step_begin(&w);
		switch (below(4)) {
		case 0: gen_map(&w, &o); break;
		case 1: gen_unmap(&w, &o); break;
		case 2: if (gen_protect(&w, &o) < 0) continue; break;
		default: if (gen_advise(&w, &o) < 0) continue; break;
		}
		if (apply(&w, &o, (uint64_t)step + 2) < 0)
			big_fail(&w, step, o.text);
		step_end(&w);
		if (check_sample(&w, 64) < 0)
			big_fail(&w, step, o.text);
		if (step % 500 == 0) {
			const char *e = md_table_check(w.t);
			if (e)
				big_fail(&w, step, e);
			ck_assert_uint_ge(md_table_count(w.t), model_runs(&w.m));
		}
	}
	if (check_all(&w) < 0)
		big_fail(&w, BIG_STEPS, "final comparison");
	int child;
	step_begin(&w);
	if (do_fork(&w, BIG_STEPS + 3, &child) < 0)
		big_fail(&w, BIG_STEPS, "fork");
	world_free(&w);
	free(all.v);
	all = (struct pieces){0};
}
END_TEST

Suite *md_test_suite(void)
{
	Suite *s = suite_create("random");
	TCase *tc = tcase_create("differential");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, random_ops_match_model_contract);
	tcase_add_test(tc, random_ops_match_model_dma);
	tcase_add_test(tc, large_table_matches_model);
	suite_add_tcase(s, tc);
	return s;
}
