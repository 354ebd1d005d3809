/* table_ops.c - the mapping operations of table.h, each written as
 * "take the affected pages out, change them, put them back" on top of the
 * B+tree primitives in table.c. */
#define _GNU_SOURCE
#include "table_internal.h"
#include "xlat.h"

#define P(i) MD_PIECE(t, i)

struct md_table *md_tab_clone(const struct md_table *src);

static uint64_t page_up(const struct md_table *t, uint64_t len)
{
	uint64_t m = t->page_size - 1;
	return len > UINT64_MAX - m ? 0 : (len + m) & ~m;
}

/* A range the kernel would accept: aligned start, no wrap.  *e gets its end. */
static int range_ok(const struct md_table *t, uint64_t start, uint64_t len, uint64_t *e)
{
	uint64_t l = page_up(t, len);
	if ((start & (t->page_size - 1)) || (len && !l) || start + l < start)
		return 0;
	*e = start + l;
	return 1;
}

const char *md_kind_name(unsigned kind)
{
	static const char *const names[MD_KIND_MAX] = {
		[MD_ANON_PRIVATE] = "anon-private", [MD_ANON_SHARED] = "anon-shared",
		[MD_FILE_SHARED] = "file-shared",   [MD_FILE_PRIVATE] = "file-private",
		[MD_SHM] = "sysv-shm",              [MD_HEAP] = "heap",
		[MD_STACK] = "stack",               [MD_SPECIAL] = "special",
	};
	return kind < MD_KIND_MAX && names[kind] ? names[kind] : "?";
}

int md_kind_shared(unsigned kind)
{
	return kind == MD_ANON_SHARED || kind == MD_FILE_SHARED || kind == MD_SHM;
}

/* The identity a new mapping gets, by mdtrace-verdicts(7), BACKING OBJECTS. */
static int identity(struct md_table *t, const struct md_map_req *r, struct md_piece *p)
{
	int created;
	uint32_t f = 0;
	p->off = 0;
	switch (r->kind) {
	case MD_FILE_SHARED:
	case MD_FILE_PRIVATE:
		f = md_tab_file(t, MD_FKEY_FILE, r->dev, r->ino, r->path, &created);
		if (!f)
			return -1;
		p->obj = r->kind == MD_FILE_SHARED ? md_table_file(t, f)->obj
						   : md_table_new_object(t);
		p->off = r->off;
		break;
	case MD_SHM:
		/* keyed by shmid alone; the shmem device is known only when seeded */
		f = md_tab_file(t, MD_FKEY_SHM, 0, r->ino, r->path, &created);
		if (!f)
			return -1;
		if (r->dev && !md_table_file(t, f)->dev)
			((struct md_file *)md_table_file(t, f))->dev = r->dev;
		p->obj = md_table_file(t, f)->obj;
		p->off = r->off;
		break;
	case MD_ANON_SHARED:
		if (r->ino) { /* seeded: the kernel's shmem inode names it */
			f = md_tab_file(t, MD_FKEY_FILE, r->dev, r->ino, r->path, &created);
			if (!f)
				return -1;
			p->obj = md_table_file(t, f)->obj;
			p->off = r->off;
			break;
		}
		/* a new object per mapping call */
		/* fall through */
	default:
		if (r->path && *r->path) {
			f = md_tab_file(t, MD_FKEY_NAME, 0, 0, r->path, &created);
			if (!f)
				return -1;
		}
		p->obj = md_table_new_object(t);
		if (r->kind == MD_HEAP && r->start >= t->heap_start)
			p->off = r->start - t->heap_start;
	}
	p->file = f;
	return 0;
}

/* The bytes of the k pieces of list v. */
static uint64_t covered(struct md_table *t, const uint32_t *v, size_t k)
{
	uint64_t n = 0;
	for (size_t i = 0; i < k; i++)
		n += P(v[i])->end - P(v[i])->start;
	return n;
}

int md_table_map(struct md_table *t, const struct md_map_req *r, uint64_t ev)
{
	uint64_t e;
	t->covered = 0;
	if (!r->kind || r->kind >= MD_KIND_MAX || !range_ok(t, r->start, r->len, &e))
		return -1;
	if (e == r->start)
		return 0;
	if (md_tab_reserve(t, 3) < 0)
		return -1;
	struct md_piece p = {.start = r->start, .end = e, .ev = ev, .prot = r->prot & 7,
			     .kind = r->kind, .flags = r->flags};
	if (identity(t, r, &p) < 0)
		return -1;
	size_t k = md_tab_extract(t, r->start, e);
	t->covered = covered(t, md_tab_list(t), k);
	md_tab_drop(t, md_tab_list(t), k);
	uint32_t n = md_tab_alloc(t);
	*P(n) = p;
	md_tab_insert(t, &n, 1);
	return 0;
}

uint64_t md_table_last_covered(const struct md_table *t)
{
	return t->covered;
}

int md_table_put(struct md_table *t, const struct md_piece *p)
{
	uint64_t e;
	if (!p->obj || p->end <= p->start || !range_ok(t, p->start, p->end - p->start, &e))
		return -1;
	if (md_tab_reserve(t, 3) < 0)
		return -1;
	md_tab_drop(t, md_tab_list(t), md_tab_extract(t, p->start, e));
	uint32_t n = md_tab_alloc(t);
	*P(n) = *p;
	P(n)->end = e;
	P(n)->file = 0; /* the file index belongs to the other table */
	md_tab_insert(t, &n, 1);
	return 0;
}

int md_table_unmap(struct md_table *t, uint64_t start, uint64_t len, uint64_t ev)
{
	uint64_t e;
	if (!range_ok(t, start, len, &e))
		return -1;
	if (md_tab_reserve(t, 2) < 0)
		return -1;
	md_tab_drop(t, md_tab_list(t), md_tab_extract(t, start, e));
	return 0;
}

static void discard(struct md_table *t, struct md_piece *p, uint64_t ev, uint64_t unused);

/* Apply fn to every piece in [start, start+len) and put them back. */
static int modify(struct md_table *t, uint64_t start, uint64_t len,
		  void (*fn)(struct md_table *, struct md_piece *, uint64_t, uint64_t),
		  uint64_t a, uint64_t b)
{
	uint64_t e;
	if (!range_ok(t, start, len, &e))
		return -1;
	if (md_tab_reserve(t, 4) < 0)
		return -1;
	size_t k = md_tab_extract(t, start, e);
	uint32_t *v = md_tab_list(t);
	t->covered = covered(t, v, k);
	/* only discard renumbers; the others need not touch the id map */
	if (fn == discard && md_tab_renumber_begin(t, k) < 0) {
		md_tab_insert(t, v, k);
		return -1;
	}
	for (size_t i = 0; i < k; i++)
		fn(t, P(v[i]), a, b);
	md_tab_insert(t, v, k);
	return 0;
}

static void set_prot(struct md_table *t, struct md_piece *p, uint64_t prot, uint64_t ev)
{
	p->prot = prot & 7;
}

int md_table_protect(struct md_table *t, uint64_t start, uint64_t len,
		     unsigned prot, uint64_t ev)
{
	uint64_t e;
	t->covered = 0;
	if (range_ok(t, start, len, &e) && e > start && md_tab_protect_whole(t, start, e, prot & 7)) {
		t->covered = e - start;
		return 0;
	}
	return modify(t, start, len, set_prot, prot, ev);
}

static void set_flags(struct md_table *t, struct md_piece *p, uint64_t set, uint64_t clear)
{
	p->flags = (uint16_t)((p->flags | set) & ~clear);
}

/* dma policy: frames given back, so private pages become a new object. */
static void discard(struct md_table *t, struct md_piece *p, uint64_t ev, uint64_t unused)
{
	if (!md_kind_private(p->kind))
		return;
	p->obj = md_tab_renumber(t, p->obj);
	p->ev = ev;
}

struct file_ranges {
	const struct md_table *t;
	uint64_t dev, ino;
	uint64_t s[16], e[16];
	int n;
};

static int file_piece(const struct md_piece *p, void *arg)
{
	struct file_ranges *fr = arg;
	const struct md_file *f = md_table_file(fr->t, p->file);
	if (!f || f->key != MD_FKEY_FILE || f->dev != fr->dev || f->ino != fr->ino)
		return 0;
	fr->s[fr->n] = p->start;
	fr->e[fr->n] = p->end;
	return ++fr->n == 16; /* plenty: a trace file is mapped once or twice */
}

int md_table_flag_file(struct md_table *t, uint64_t dev, uint64_t ino, unsigned flags)
{
	struct file_ranges fr = {.t = t, .dev = dev, .ino = ino};
	md_table_walk(t, 0, UINT64_MAX, file_piece, &fr);
	for (int i = 0; i < fr.n; i++)
		if (modify(t, fr.s[i], fr.e[i] - fr.s[i], set_flags, flags, 0) < 0)
			return -1;
	return 0;
}

int md_table_advise(struct md_table *t, uint64_t start, uint64_t len,
		    int advice, uint64_t ev)
{
	switch (advice) {
	case MADV_DONTFORK:
		return modify(t, start, len, set_flags, MD_PF_DONTFORK, 0);
	case MADV_DOFORK:
		return modify(t, start, len, set_flags, 0, MD_PF_DONTFORK);
	case MADV_WIPEONFORK:
		return modify(t, start, len, set_flags, MD_PF_WIPEONFORK, 0);
	case MADV_KEEPONFORK:
		return modify(t, start, len, set_flags, 0, MD_PF_WIPEONFORK);
	default:
		if (md_advice_discards(advice, t->policy))
			return modify(t, start, len, discard, ev, 0);
		return 0;
	}
}

int md_advice_discards(int advice, enum md_policy policy)
{
	return policy == MD_POLICY_DMA &&
	       (advice == MADV_DONTNEED || advice == MADV_FREE || advice == MADV_REMOVE);
}

/* Pages [s, e) continuing the identity of piece p past its end (mremap grow
 * in place or at the destination of a move, old_len 0 duplicates). */
static uint32_t continuation(struct md_table *t, const struct md_piece *p,
			     uint64_t from, uint64_t s, uint64_t e, uint64_t ev)
{
	uint32_t n = md_tab_alloc(t);
	*P(n) = *p;
	P(n)->start = s;
	P(n)->end = e;
	P(n)->off = p->off + (from - p->start);
	P(n)->ev = ev;
	return n;
}

/* Pages a growth adds.  Shared memory shows more of the same object; private
 * pages are new zero-filled memory: a new object, or a shrink followed by a
 * regrow would bring back the identity of pages that died. */
static uint32_t grown(struct md_table *t, const struct md_piece *last,
		      uint64_t from, uint64_t s, uint64_t e, uint64_t ev)
{
	uint32_t n = continuation(t, last, from, s, e, ev);
	if (md_kind_private(last->kind))
		P(n)->obj = md_table_new_object(t);
	return n;
}

static int remap_dup(struct md_table *t, uint64_t old, uint64_t newaddr,
		     uint64_t nl, uint64_t ev)
{
	/* old_len 0 on a shared mapping: a second view of the same pages */
	const struct md_piece *p = md_table_find(t, old);
	if (!p)
		return -1;
	struct md_piece c = *p;
	md_tab_drop(t, md_tab_list(t), md_tab_extract(t, newaddr, newaddr + nl));
	uint32_t n = continuation(t, &c, old, newaddr, newaddr + nl, ev);
	md_tab_insert(t, &n, 1);
	return 0;
}

int md_table_remap(struct md_table *t, uint64_t old, uint64_t oldlen,
		   uint64_t newaddr, uint64_t newlen, int flags, uint64_t ev)
{
	uint64_t ol = page_up(t, oldlen), nl = page_up(t, newlen), oe, ne;
	if (!range_ok(t, old, oldlen, &oe) || !range_ok(t, newaddr, newlen, &ne) || !nl)
		return -1;
	if (md_tab_reserve(t, 6) < 0)
		return -1;
	if (!ol)
		return remap_dup(t, old, newaddr, nl, ev);
	/* The piece holding the old range's last page: growth continues it. */
	struct md_piece last = {0};
	if (newaddr == old) {
		const struct md_piece *lastp = md_table_find(t, oe - t->page_size);
		if (lastp)
			last = *lastp;
		if (nl < ol) {
			md_tab_drop(t, md_tab_list(t), md_tab_extract(t, old + nl, oe));
		} else if (nl > ol && last.obj) {
			md_tab_drop(t, md_tab_list(t), md_tab_extract(t, oe, ne));
			uint32_t n = grown(t, &last, oe, oe, ne, ev);
			md_tab_insert(t, &n, 1);
		}
		return 0;
	}
	/* A move: shrink first, take the pages to carry out, drop what the
	 * destination held (MREMAP_FIXED replaces it), put the carried pages
	 * there and grow.  Clearing the destination last leaves its hole
	 * remembered for the puts (table_internal.h), and even a destination
	 * overlapping the source (the kernel refuses those) could not touch
	 * the pages carried. */
	int dontunmap = (flags & MREMAP_DONTUNMAP) != 0;
	if (dontunmap && (md_tab_reserve(t, t->count + 8) < 0 ||
			  md_tab_renumber_begin(t, t->count) < 0))
		return -1;
	uint64_t keep = nl < ol ? nl : ol;
	if (nl < ol)
		md_tab_drop(t, md_tab_list(t), md_tab_extract(t, old + nl, oe));
	size_t k = md_tab_extract(t, old, old + keep);
	uint32_t *v = md_tab_list(t);
	if (nl > ol && k && P(v[k - 1])->end == oe) /* keep == ol: v ends at oe */
		last = *P(v[k - 1]);
	md_tab_drop(t, v + k, md_tab_extract_into(t, newaddr, ne, k));
	for (size_t i = 0; dontunmap && i < k; i++) {
		/* The old range stays mapped: private pages start empty (a new
		 * object), shared pages still show the same memory. */
		uint32_t n = md_tab_alloc(t);
		*P(n) = *P(v[i]);
		if (md_kind_private(P(n)->kind)) {
			P(n)->obj = md_tab_renumber(t, P(n)->obj);
			P(n)->ev = ev;
		}
		v[k + i] = n;
	}
	uint64_t delta = newaddr - old;
	for (size_t i = 0; i < k; i++) {
		P(v[i])->start += delta;
		P(v[i])->end += delta;
	}
	md_tab_insert(t, v, k);
	if (nl > ol && last.obj) {
		uint32_t tail = grown(t, &last, oe, newaddr + ol, ne, ev);
		md_tab_insert(t, &tail, 1);
	}
	if (dontunmap)
		md_tab_insert(t, v + k, k);
	return 0;
}

int md_table_brk(struct md_table *t, uint64_t oldbrk, uint64_t newbrk, uint64_t ev)
{
	uint64_t a = page_up(t, oldbrk), b = page_up(t, newbrk);
	if (!t->heap_start)
		t->heap_start = a;
	if (b < a)
		return md_table_unmap(t, b, a - b, ev);
	if (b == a)
		return 0;
	/* Growth is a new object; its offset counts from the heap start. */
	struct md_map_req r = {.start = a, .len = b - a, .prot = MD_PROT_R | MD_PROT_W,
			       .kind = MD_HEAP};
	return md_table_map(t, &r, ev);
}

int md_table_shmat(struct md_table *t, uint64_t addr, uint64_t size,
		   uint64_t shmid, unsigned prot, uint64_t ev)
{
	struct md_map_req r = {.start = addr, .len = size, .prot = prot & 7,
			       .kind = MD_SHM, .ino = shmid};
	if (md_table_map(t, &r, ev) < 0)
		return -1;
	const struct md_piece *p = md_table_find(t, addr);
	struct md_file *f = p ? (struct md_file *)md_table_file(t, p->file) : NULL;
	if (f && f->size < page_up(t, size))
		f->size = page_up(t, size);
	return 0;
}

int md_table_shm_ident(struct md_table *t, uint64_t addr, uint64_t dev, const char *name)
{
	const struct md_piece *p = md_table_find(t, addr);
	struct md_file *f = p && p->kind == MD_SHM ? (struct md_file *)md_table_file(t, p->file) : NULL;
	if (!f)
		return -1;
	if (!f->dev)
		f->dev = dev;
	md_tab_file_name(t, p->file, name);
	return 0;
}

struct shm_run {
	uint64_t addr, obj, first, last;
};

static int shm_piece(const struct md_piece *p, void *arg)
{
	struct shm_run *s = arg;
	if (p->kind == MD_SHM && p->obj == s->obj && p->off == p->start - s->addr) {
		if (!s->first)
			s->first = p->start;
		s->last = p->end;
	}
	return 0;
}

int md_table_shmdt(struct md_table *t, uint64_t addr, uint64_t ev)
{
	/* Like the kernel: every piece of the segment attached at addr, up to
	 * the segment's size, even past holes a partial munmap left. */
	const struct md_piece *p = md_table_find(t, addr);
	if (!p || p->kind != MD_SHM || p->off != 0)
		return -1;
	const struct md_file *f = md_table_file(t, p->file);
	uint64_t size = f && f->size ? f->size : p->end - p->start;
	struct shm_run s = {.addr = addr, .obj = p->obj};
	md_table_walk(t, addr, addr + size, shm_piece, &s);
	if (md_tab_reserve(t, 2) < 0)
		return -1;
	size_t k = md_tab_extract(t, addr, s.last);
	uint32_t *v = md_tab_list(t);
	size_t keep = 0;
	for (size_t i = 0; i < k; i++) {
		struct md_piece *q = P(v[i]);
		struct shm_run one = {.addr = addr, .obj = s.obj}; /* p is freed by now */
		shm_piece(q, &one);
		if (one.first)
			md_tab_release(t, v[i]);
		else
			v[keep++] = v[i];
	}
	md_tab_insert(t, v, keep);
	return 0;
}

/* Rebuild t from its flattened list, applying fn to each piece; fn returns
 * 0 to drop the piece. */
static int rebuild(struct md_table *t, int (*fn)(struct md_table *, struct md_piece *, uint64_t),
		   uint64_t ev)
{
	if (md_tab_reserve(t, 0) < 0 || md_tab_renumber_begin(t, t->count) < 0)
		return -1;
	size_t k = md_tab_flatten(t);
	uint32_t *v = md_tab_list(t);
	for (size_t i = 0; i < k; i++) {
		if (fn(t, P(v[i]), ev))
			md_tab_insert(t, &v[i], 1);
		else
			md_tab_release(t, v[i]);
	}
	return 0;
}

static int child_piece(struct md_table *t, struct md_piece *p, uint64_t ev)
{
	if (p->flags & MD_PF_DONTFORK)
		return 0;
	if (md_kind_private(p->kind)) {
		p->obj = md_tab_renumber(t, p->obj);
		p->ev = ev;
	}
	return 1;
}

static int dma_parent_piece(struct md_table *t, struct md_piece *p, uint64_t ev)
{
	if (md_kind_private(p->kind) && (p->prot & MD_PROT_W) &&
	    !(p->flags & MD_PF_DONTFORK)) {
		p->obj = md_tab_renumber(t, p->obj);
		p->ev = ev;
	}
	return 1;
}

struct md_table *md_table_fork(struct md_table *parent, uint64_t ev)
{
	struct md_table *c = md_tab_clone(parent);
	if (!c)
		return NULL;
	/* The child's ids continue past every id the parent had issued. */
	if (rebuild(c, child_piece, ev) < 0) {
		md_table_free(c);
		return NULL;
	}
	if (parent->policy == MD_POLICY_DMA && rebuild(parent, dma_parent_piece, ev) < 0) {
		md_table_free(c);
		return NULL;
	}
	return c;
}
