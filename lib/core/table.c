/* table.c - the treap under the shadow range table: node pool, split/merge,
 * lookups, interned files, invariant check.  The mapping operations built
 * on it are in table_ops.c. */
#define _GNU_SOURCE
#include "table_internal.h"
#include "sys.h"
#include <string.h>
#include <sys/mman.h>

#define N(i) MD_NODE(t, i)
#define P(i) MD_PIECE(t, i)

/* Priority of node i: a fixed mix of its index.  Node indices are handed out
 * independently of addresses, so this behaves as a random priority. */
static inline uint32_t prio(uint32_t i)
{
	i ^= i >> 16;
	i *= 0x85ebca6bU;
	i ^= i >> 13;
	i *= 0xc2b2ae35U;
	i ^= i >> 16;
	return i;
}

/* ---------- node pool ---------- */

int md_tab_reserve(struct md_table *t, size_t extra)
{
	size_t have = t->nodes.used / sizeof(struct md_node);
	if (t->nfree < extra) {
		size_t want = (extra - t->nfree) * sizeof(struct md_node);
		size_t pwant = (extra - t->nfree) * sizeof(struct md_piece);
		if (have + extra > UINT32_MAX - 1 || md_arena_reserve(&t->nodes, want) < 0 ||
		    md_arena_reserve(&t->pieces, pwant) < 0)
			return -1;
	}
	size_t list = (t->count + extra + 8) * sizeof(uint32_t);
	if (list > t->scratch.used &&
	    md_arena_reserve(&t->scratch, list - t->scratch.used) < 0)
		return -1;
	return 0;
}

uint32_t md_tab_alloc(struct md_table *t)
{
	uint32_t n = t->free_list;
	if (n) {
		t->free_list = N(n)->l;
		t->nfree--;
	} else {
		size_t off = md_arena_push(&t->nodes, sizeof(struct md_node));
		if (off == SIZE_MAX)
			return 0;
		if (md_arena_push(&t->pieces, sizeof(struct md_piece)) == SIZE_MAX) {
			t->nodes.used -= sizeof(struct md_node);
			return 0;
		}
		n = (uint32_t)(off / sizeof(struct md_node));
	}
	memset(N(n), 0, sizeof(struct md_node));
	memset(P(n), 0, sizeof(struct md_piece));
	t->count++;
	return n;
}

void md_tab_release(struct md_table *t, uint32_t n)
{
	N(n)->l = t->free_list;
	N(n)->r = 0;
	P(n)->obj = 0;
	t->free_list = n;
	t->nfree++;
	t->count--;
}

/* ---------- treap primitives ---------- */

static uint32_t merge(struct md_table *t, uint32_t a, uint32_t b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	if (prio(a) > prio(b)) {
		N(a)->r = merge(t, N(a)->r, b);
		return a;
	}
	N(b)->l = merge(t, a, N(b)->l);
	return b;
}

/* *a gets the nodes starting below key, *b the rest. */
static void split(struct md_table *t, uint32_t n, uint64_t key, uint32_t *a, uint32_t *b)
{
	if (!n) {
		*a = *b = 0;
	} else if (N(n)->start < key) {
		*a = n;
		split(t, N(n)->r, key, &N(n)->r, b);
	} else {
		*b = n;
		split(t, N(n)->l, key, a, &N(n)->l);
	}
}

static uint32_t max_node(struct md_table *t, uint32_t n)
{
	while (N(n)->r)
		n = N(n)->r;
	return n;
}

static uint32_t pop_max(struct md_table *t, uint32_t *rootp)
{
	while (N(*rootp)->r)
		rootp = &N(*rootp)->r;
	uint32_t n = *rootp;
	*rootp = N(n)->l;
	N(n)->l = 0;
	return n;
}

static uint32_t pop_min(struct md_table *t, uint32_t *rootp)
{
	while (N(*rootp)->l)
		rootp = &N(*rootp)->l;
	uint32_t n = *rootp;
	*rootp = N(n)->r;
	N(n)->r = 0;
	return n;
}

/* Cut node m at `at` (m.start < at < m.end): m keeps the low part, the
 * returned new node holds the high part. */
static uint32_t cut(struct md_table *t, uint32_t m, uint64_t at)
{
	uint32_t q = md_tab_alloc(t); /* cannot fail: md_tab_reserve ran */
	*P(q) = *P(m);
	P(q)->start = at;
	N(q)->start = at;
	P(q)->off += at - P(m)->start;
	P(m)->end = at;
	return q;
}

uint32_t *md_tab_list(struct md_table *t)
{
	return (uint32_t *)t->scratch.base;
}

static void flatten_into(struct md_table *t, uint32_t n, size_t *k)
{
	while (n) {
		flatten_into(t, N(n)->l, k);
		md_tab_list(t)[(*k)++] = n;
		uint32_t r = N(n)->r;
		N(n)->l = N(n)->r = 0;
		n = r;
	}
}

size_t md_tab_extract(struct md_table *t, uint64_t s, uint64_t e)
{
	uint32_t L, X, M, R;
	split(t, t->root, s, &L, &X);
	if (L) {
		uint32_t m = max_node(t, L);
		if (P(m)->end > s)
			X = merge(t, cut(t, m, s), X);
	}
	split(t, X, e, &M, &R);
	if (M) {
		uint32_t m = max_node(t, M);
		if (P(m)->end > e)
			R = merge(t, cut(t, m, e), R);
	}
	t->root = merge(t, L, R);
	size_t k = 0;
	flatten_into(t, M, &k);
	return k;
}

size_t md_tab_flatten(struct md_table *t)
{
	size_t k = 0;
	flatten_into(t, t->root, &k);
	t->root = 0;
	return k;
}

static int mergeable(const struct md_piece *a, const struct md_piece *b)
{
	return a->end == b->start && a->obj == b->obj &&
	       b->off == a->off + (a->end - a->start) && a->prot == b->prot &&
	       a->kind == b->kind && a->flags == b->flags && a->file == b->file &&
	       a->ev == b->ev;
}

/* Coalescing builder: nodes come in address order. */
struct run {
	uint32_t acc, cur;
};

static void feed(struct md_table *t, struct run *r, uint32_t x)
{
	if (!x)
		return;
	N(x)->l = N(x)->r = 0;
	N(x)->start = P(x)->start; /* the key may have changed while it was out */
	if (r->cur && mergeable(P(r->cur), P(x))) {
		P(r->cur)->end = P(x)->end;
		md_tab_release(t, x);
		return;
	}
	if (r->cur)
		r->acc = merge(t, r->acc, r->cur);
	r->cur = x;
}

static uint32_t finish(struct md_table *t, struct run *r)
{
	return r->cur ? merge(t, r->acc, r->cur) : r->acc;
}

void md_tab_insert(struct md_table *t, const uint32_t *v, size_t n)
{
	if (!n)
		return;
	uint32_t L, R;
	split(t, t->root, P(v[0])->start, &L, &R);
	struct run run = {0, 0};
	feed(t, &run, L ? pop_max(t, &L) : 0);
	for (size_t i = 0; i < n; i++)
		feed(t, &run, v[i]);
	feed(t, &run, R ? pop_min(t, &R) : 0);
	t->root = merge(t, merge(t, L, finish(t, &run)), R);
}

void md_tab_drop(struct md_table *t, const uint32_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		md_tab_release(t, v[i]);
}

/* ---------- object renumbering ---------- */

int md_tab_renumber_begin(struct md_table *t, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n + 2)
		cap *= 2;
	t->omap.used = 0;
	if (md_arena_push(&t->omap, cap * 2 * sizeof(uint64_t)) == SIZE_MAX)
		return -1;
	return 0;
}

uint64_t md_tab_renumber(struct md_table *t, uint64_t old)
{
	uint64_t *slot = t->omap.base;
	size_t cap = t->omap.used / (2 * sizeof(uint64_t));
	size_t i = (old * 0x9e3779b97f4a7c15ULL) >> 20;
	for (;; i++) {
		uint64_t *e = slot + 2 * (i & (cap - 1));
		if (e[0] == old)
			return e[1];
		if (!e[0]) {
			e[0] = old;
			e[1] = md_table_new_object(t);
			return e[1];
		}
	}
}

/* ---------- interned files ---------- */

static uint64_t hash_key(unsigned key, uint64_t dev, uint64_t ino, const char *path)
{
	if (key == MD_FKEY_SHM) /* a segment is its shmid; dev is only shown */
		dev = 0;
	uint64_t h = key * 0x100000001b3ULL ^ dev * 0x9e3779b97f4a7c15ULL ^ ino;
	if (key == MD_FKEY_NAME && path)
		for (; *path; path++)
			h = (h ^ (unsigned char)*path) * 0x100000001b3ULL;
	return h * 0xff51afd7ed558ccdULL;
}

static int same_file(struct md_table *t, const struct md_file *f, unsigned key,
		     uint64_t dev, uint64_t ino, const char *path)
{
	if (f->key != key || f->ino != ino || (key != MD_FKEY_SHM && f->dev != dev))
		return 0;
	return key != MD_FKEY_NAME || !strcmp(md_table_string(t, f->path), path ? path : "");
}

static uint32_t intern_string(struct md_table *t, const char *s)
{
	if (!s || !*s)
		return 0;
	size_t n = strlen(s) + 1;
	size_t off = md_arena_push(&t->strings, n);
	if (off == SIZE_MAX || off > UINT32_MAX)
		return 0;
	memcpy(md_arena_at(&t->strings, off), s, n);
	return (uint32_t)off;
}

static int grow_fhash(struct md_table *t)
{
	size_t cap = t->fhash.used / sizeof(uint32_t);
	if (cap && (t->nfiles + 1) * 2 <= cap)
		return 0;
	size_t ncap = cap ? cap * 2 : 64;
	struct md_arena nh = {0};
	if (md_arena_push(&nh, ncap * sizeof(uint32_t)) == SIZE_MAX)
		return -1;
	uint32_t *slots = nh.base;
	for (uint32_t i = 1; i <= t->nfiles; i++) {
		const struct md_file *f = md_table_file(t, i);
		uint64_t h = hash_key(f->key, f->dev, f->ino, md_table_string(t, f->path));
		size_t j = h & (ncap - 1);
		while (slots[j])
			j = (j + 1) & (ncap - 1);
		slots[j] = i;
	}
	md_arena_free(&t->fhash);
	t->fhash = nh;
	return 0;
}

uint32_t md_tab_file(struct md_table *t, unsigned key, uint64_t dev, uint64_t ino,
		     const char *path, int *created)
{
	*created = 0;
	if (grow_fhash(t) < 0)
		return 0;
	uint32_t *slots = t->fhash.base;
	size_t cap = t->fhash.used / sizeof(uint32_t);
	size_t j = hash_key(key, dev, ino, path) & (cap - 1);
	for (; slots[j]; j = (j + 1) & (cap - 1))
		if (same_file(t, md_table_file(t, slots[j]), key, dev, ino, path))
			return slots[j];
	size_t off = md_arena_push(&t->files, sizeof(struct md_file));
	if (off == SIZE_MAX)
		return 0;
	uint32_t idx = (uint32_t)(off / sizeof(struct md_file));
	struct md_file *f = md_arena_at(&t->files, off);
	f->key = (uint8_t)key;
	f->dev = dev;
	f->ino = ino;
	f->path = intern_string(t, path);
	f->obj = key == MD_FKEY_NAME ? 0 : md_table_new_object(t);
	slots[j] = idx;
	t->nfiles++;
	*created = 1;
	return idx;
}

const struct md_file *md_table_file(const struct md_table *t, uint32_t idx)
{
	if (!idx || idx > t->nfiles)
		return NULL;
	return (const struct md_file *)t->files.base + idx;
}

const char *md_table_string(const struct md_table *t, uint32_t off)
{
	return off && off < t->strings.used ? (const char *)t->strings.base + off : "";
}

/* ---------- life cycle ---------- */

struct md_table *md_table_new(unsigned page_size, enum md_policy policy)
{
	if (!page_size || (page_size & (page_size - 1)))
		return NULL;
	struct md_table *t = md_sys_mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED)
		return NULL;
	memset(t, 0, sizeof *t);
	t->page_size = page_size;
	t->policy = policy;
	t->stack_limit = 8 << 20;
	/* index 0 of nodes and files, offset 0 of strings: "none" */
	if (md_arena_push(&t->nodes, sizeof(struct md_node)) == SIZE_MAX ||
	    md_arena_push(&t->pieces, sizeof(struct md_piece)) == SIZE_MAX ||
	    md_arena_push(&t->files, sizeof(struct md_file)) == SIZE_MAX ||
	    md_arena_push(&t->strings, 1) == SIZE_MAX) {
		md_table_free(t);
		return NULL;
	}
	return t;
}

void md_table_free(struct md_table *t)
{
	if (!t)
		return;
	md_arena_free(&t->nodes);
	md_arena_free(&t->pieces);
	md_arena_free(&t->scratch);
	md_arena_free(&t->omap);
	md_arena_free(&t->files);
	md_arena_free(&t->fhash);
	md_arena_free(&t->strings);
	md_sys_munmap(t, sizeof *t);
}

/* A deep copy, for fork: every arena cloned, indices stay valid. */
struct md_table *md_tab_clone(const struct md_table *src);
struct md_table *md_tab_clone(const struct md_table *src)
{
	struct md_table *t = md_sys_mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED)
		return NULL;
	*t = *src;
	t->scratch = t->omap = (struct md_arena){0};
	t->nodes = t->pieces = t->files = t->fhash = t->strings = (struct md_arena){0};
	if (md_arena_clone(&t->nodes, &src->nodes) < 0 ||
	    md_arena_clone(&t->pieces, &src->pieces) < 0 ||
	    md_arena_clone(&t->files, &src->files) < 0 ||
	    md_arena_clone(&t->fhash, &src->fhash) < 0 ||
	    md_arena_clone(&t->strings, &src->strings) < 0) {
		md_table_free(t);
		return NULL;
	}
	return t;
}

enum md_policy md_table_policy(const struct md_table *t) { return t->policy; }
unsigned md_table_page_size(const struct md_table *t) { return t->page_size; }
size_t md_table_count(const struct md_table *t) { return t->count; }
uint64_t md_table_new_object(struct md_table *t) { return ++t->next_obj; }
uint64_t md_table_last_object(const struct md_table *t) { return t->next_obj; }
void md_table_set_stack_limit(struct md_table *t, uint64_t bytes) { t->stack_limit = bytes; }
void md_table_set_heap_start(struct md_table *t, uint64_t start) { t->heap_start = start; }
uint64_t md_table_heap_start(const struct md_table *t) { return t->heap_start; }

size_t md_table_bytes(const struct md_table *t)
{
	return sizeof *t + t->nodes.used + t->pieces.used + t->scratch.used + t->omap.used +
	       t->files.used + t->fhash.used + t->strings.used;
}

/* ---------- lookups ---------- */

/* The node with the greatest start <= addr (0: none).  Reads only the hot
 * array. */
static uint32_t floor_node(const struct md_table *t, uint64_t addr)
{
	uint32_t n = t->root, best = 0;
	while (n) {
		if (addr < N(n)->start) {
			n = N(n)->l;
		} else {
			best = n;
			n = N(n)->r;
		}
	}
	return best;
}

/* The node with the least start > addr (0: none). */
static uint32_t above_node(const struct md_table *t, uint64_t addr)
{
	uint32_t n = t->root, best = 0;
	while (n) {
		if (N(n)->start > addr) {
			best = n;
			n = N(n)->l;
		} else {
			n = N(n)->r;
		}
	}
	return best;
}

const struct md_piece *md_table_find(const struct md_table *t, uint64_t addr)
{
	uint32_t n = floor_node(t, addr);
	return n && addr < P(n)->end ? P(n) : NULL;
}

const struct md_piece *md_table_next(const struct md_table *t, uint64_t addr)
{
	const struct md_piece *p = md_table_find(t, addr);
	if (p)
		return p;
	uint32_t n = above_node(t, addr);
	return n ? P(n) : NULL;
}

static void clip(struct md_piece *out, const struct md_piece *p, uint64_t s, uint64_t e)
{
	*out = *p;
	if (out->start < s) {
		out->off += s - out->start;
		out->start = s;
	}
	if (out->end > e)
		out->end = e;
}

void md_table_span(const struct md_table *t, uint64_t addr, uint64_t limit,
		   struct md_piece *out)
{
	const struct md_piece *n = md_table_next(t, addr);
	if (n && n->start <= addr) {
		clip(out, n, addr, limit);
		return;
	}
	uint64_t gap_end = n && n->start < limit ? n->start : limit;
	*out = (struct md_piece){.start = addr, .end = gap_end};
	if (!n || n->kind != MD_STACK)
		return;
	/* The kernel grows the main stack into this gap on a fault, with no
	 * call we could see: treat the pages it may still grow into as stack. */
	uint64_t low = n->end > t->stack_limit ? n->end - t->stack_limit : 0;
	if (addr < low) {
		out->end = low < gap_end ? low : gap_end;
		return;
	}
	*out = *n;
	out->start = addr;
	out->end = gap_end;
	out->off = n->off - (n->start - addr);
	out->flags |= MD_PF_STACKGROW;
}

static int walk(const struct md_table *t, uint32_t n, uint64_t s, uint64_t e,
		int (*fn)(const struct md_piece *, void *), void *arg)
{
	while (n) {
		const struct md_piece *p = P(n);
		if (p->start > s) {
			int r = walk(t, N(n)->l, s, e, fn, arg);
			if (r)
				return r;
		}
		if (p->start < e && p->end > s) {
			struct md_piece c;
			clip(&c, p, s, e);
			int r = fn(&c, arg);
			if (r)
				return r;
		}
		if (p->end >= e)
			return 0;
		n = N(n)->r;
	}
	return 0;
}

int md_table_walk(const struct md_table *t, uint64_t start, uint64_t end,
		  int (*fn)(const struct md_piece *, void *), void *arg)
{
	return walk(t, t->root, start, end, fn, arg);
}

/* ---------- invariants ---------- */

struct check {
	const struct md_piece *prev;
	uint32_t seen;
	const char *err;
};

static void check_node(const struct md_table *t, uint32_t n, struct check *c)
{
	if (!n || c->err)
		return;
	if (N(n)->l && prio(N(n)->l) > prio(n))
		c->err = "heap order broken";
	if (N(n)->r && prio(N(n)->r) > prio(n))
		c->err = "heap order broken";
	check_node(t, N(n)->l, c);
	const struct md_piece *p = P(n);
	uint64_t mask = t->page_size - 1;
	c->seen++;
	if (N(n)->start != p->start)
		c->err = c->err ? c->err : "node key differs from its piece's start";
	else if (p->start >= p->end)
		c->err = c->err ? c->err : "empty piece";
	else if ((p->start | p->end) & mask)
		c->err = c->err ? c->err : "piece not page aligned";
	else if (!p->obj)
		c->err = c->err ? c->err : "mapped piece without object";
	else if (!p->kind || p->kind >= MD_KIND_MAX)
		c->err = c->err ? c->err : "bad kind";
	else if (c->prev && c->prev->end > p->start)
		c->err = c->err ? c->err : "pieces overlap or out of order";
	else if (c->prev && mergeable(c->prev, p))
		c->err = c->err ? c->err : "adjacent pieces not coalesced";
	c->prev = p;
	check_node(t, N(n)->r, c);
}

const char *md_table_check(const struct md_table *t)
{
	struct check c = {0};
	check_node(t, t->root, &c);
	if (!c.err && c.seen != t->count)
		c.err = "piece count mismatch";
	return c.err;
}

int md_table_grow_stack(struct md_table *t, uint64_t addr)
{
	uint32_t n = t->root, best = 0;
	if (addr & (t->page_size - 1))
		return -1;
	while (n) {
		if (P(n)->end > addr) {
			best = n;
			n = N(n)->l;
		} else {
			n = N(n)->r;
		}
	}
	if (!best || P(best)->kind != MD_STACK || P(best)->start <= addr)
		return -1;
	/* Lowering the key of the lowest node above an empty gap keeps the
	 * tree ordered; the offset runs downwards with it. */
	P(best)->off -= P(best)->start - addr;
	P(best)->start = addr;
	N(best)->start = addr;
	return 0;
}
