/* model.c - the page-array oracle (see model.h).  Each function is a direct
 * transcription of one rule of mdtrace-verdicts(7), one page at a time. */
#include "model.h"
#include <stdlib.h>
#include <string.h>

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

void model_init(struct model *m, uint64_t base, size_t npages, unsigned psz, int dma)
{
	memset(m, 0, sizeof *m);
	m->base = base;
	m->npages = npages;
	m->psz = psz;
	m->dma = dma;
	m->pg = xcalloc(npages, sizeof *m->pg);
}

void model_free(struct model *m)
{
	free(m->pg);
	m->pg = NULL;
}

void model_copy(struct model *dst, const struct model *src)
{
	*dst = *src;
	dst->pg = xcalloc(src->npages, sizeof *dst->pg);
	memcpy(dst->pg, src->pg, src->npages * sizeof *dst->pg);
}

int model_kind_shared(unsigned kind)
{
	return kind == MK_ANON_SHARED || kind == MK_FILE_SHARED || kind == MK_SHM;
}

int model_obj_is_file(const struct model *m, uint64_t obj)
{
	for (unsigned i = 0; i < MODEL_NFILES; i++)
		if (m->file_obj[i] == obj)
			return 1;
	return 0;
}

size_t model_page(const struct model *m, uint64_t addr)
{
	return (size_t)((addr - m->base) / m->psz);
}

uint64_t model_addr(const struct model *m, size_t page)
{
	return m->base + (uint64_t)page * m->psz;
}

uint64_t model_pages(const struct model *m, uint64_t len)
{
	return (len + m->psz - 1) / m->psz;
}

static uint64_t new_obj(struct model *m)
{
	return ++m->next_obj;
}

/* "A new object per old object" within one call: offsets stay, so two old
 * objects must not end up sharing one new id. */
struct renumber {
	uint64_t *to;
	uint64_t n;
};

static void renumber_begin(struct renumber *r, const struct model *m)
{
	r->n = m->next_obj + 1;
	r->to = xcalloc(r->n, sizeof *r->to);
}

static uint64_t renumber(struct renumber *r, struct model *m, uint64_t old)
{
	if (!r->to[old])
		r->to[old] = new_obj(m);
	return r->to[old];
}

static void renumber_end(struct renumber *r)
{
	free(r->to);
}

void model_map(struct model *m, uint64_t start, uint64_t len, unsigned prot,
	       unsigned kind, unsigned file, uint64_t off)
{
	size_t s = model_page(m, start), n = model_pages(m, len);
	uint64_t obj;
	if (kind == MK_FILE_SHARED) {
		if (!m->file_obj[file])
			m->file_obj[file] = new_obj(m);
		obj = m->file_obj[file];
	} else {
		obj = new_obj(m);
	}
	if (kind == MK_ANON_PRIVATE || kind == MK_ANON_SHARED)
		off = 0;
	for (size_t i = 0; i < n; i++)
		m->pg[s + i] = (struct mpage){.obj = obj, .off = off + i * m->psz,
					      .prot = prot, .kind = kind};
}

void model_unmap(struct model *m, uint64_t start, uint64_t len)
{
	size_t s = model_page(m, start), n = model_pages(m, len);
	for (size_t i = 0; i < n; i++)
		m->pg[s + i] = (struct mpage){0};
}

void model_protect(struct model *m, uint64_t start, uint64_t len, unsigned prot)
{
	size_t s = model_page(m, start), n = model_pages(m, len);
	for (size_t i = 0; i < n; i++)
		m->pg[s + i].prot = prot;
}

void model_advise(struct model *m, uint64_t start, uint64_t len, enum model_advice a)
{
	size_t s = model_page(m, start), n = model_pages(m, len);
	struct renumber r;
	renumber_begin(&r, m);
	for (size_t i = 0; i < n; i++) {
		struct mpage *p = &m->pg[s + i];
		if (!p->obj)
			continue;
		switch (a) {
		case MA_DONTFORK: p->flags |= MF_DONTFORK; break;
		case MA_DOFORK: p->flags &= ~MF_DONTFORK; break;
		case MA_WIPEONFORK: p->flags |= MF_WIPEONFORK; break;
		case MA_KEEPONFORK: p->flags &= ~MF_WIPEONFORK; break;
		case MA_DONTNEED:
		case MA_FREE:
		case MA_REMOVE:
			/* dma: the frames were given back */
			if (m->dma && !model_kind_shared(p->kind))
				p->obj = renumber(&r, m, p->obj);
			break;
		case MA_WILLNEED: break;
		}
	}
	renumber_end(&r);
}

/* The page i places past page `last`, continuing its object. */
static struct mpage continued(const struct model *m, struct mpage last, size_t i)
{
	last.off += (uint64_t)i * m->psz;
	return last;
}

/* Pages a growth adds: shared memory shows the same object's pages again;
 * private pages are new zero-filled memory, so a new object (one per call):
 * otherwise a shrink and regrow would look like the same memory. */
static struct mpage grown(struct model *m, struct mpage last, uint64_t *fresh)
{
	if (!model_kind_shared(last.kind)) {
		if (!*fresh)
			*fresh = new_obj(m);
		last.obj = *fresh;
	}
	return last;
}

static void remap_dup(struct model *m, uint64_t old, uint64_t newaddr, size_t nl)
{
	struct mpage src = m->pg[model_page(m, old)];
	size_t d = model_page(m, newaddr);
	for (size_t i = 0; i < nl; i++)
		m->pg[d + i] = continued(m, src, i);
}

void model_remap(struct model *m, uint64_t old, uint64_t oldlen, uint64_t newaddr,
		 uint64_t newlen, int dontunmap)
{
	size_t ol = model_pages(m, oldlen), nl = model_pages(m, newlen);
	size_t o = model_page(m, old), d = model_page(m, newaddr);
	if (!ol) {
		remap_dup(m, old, newaddr, nl);
		return;
	}
	struct mpage last = m->pg[o + ol - 1];
	if (newaddr == old) {
		for (size_t i = nl; i < ol; i++)
			m->pg[o + i] = (struct mpage){0};
		uint64_t fresh = 0;
		last = grown(m, last, &fresh);
		for (size_t i = ol; i < nl; i++)
			m->pg[o + i] = continued(m, last, i - (ol - 1));
		return;
	}
	size_t keep = nl < ol ? nl : ol;
	struct mpage *moved = xcalloc(keep, sizeof *moved);
	memcpy(moved, m->pg + o, keep * sizeof *moved);
	for (size_t i = keep; i < ol; i++)
		m->pg[o + i] = (struct mpage){0};
	struct renumber r;
	renumber_begin(&r, m);
	for (size_t i = 0; i < keep; i++) {
		struct mpage *p = &m->pg[o + i];
		if (!dontunmap)
			*p = (struct mpage){0};
		else if (!model_kind_shared(p->kind))
			p->obj = renumber(&r, m, p->obj); /* fresh, empty */
	}
	renumber_end(&r);
	for (size_t i = 0; i < keep; i++)
		m->pg[d + i] = moved[i];
	uint64_t fresh = 0;
	last = grown(m, last, &fresh);
	for (size_t i = ol; i < nl; i++)
		m->pg[d + i] = continued(m, last, i - (ol - 1));
	free(moved);
}

void model_brk(struct model *m, uint64_t newbrk)
{
	uint64_t a = model_pages(m, m->brk) * m->psz;
	uint64_t b = model_pages(m, newbrk) * m->psz;
	m->brk = newbrk;
	if (b < a) {
		model_unmap(m, b, a - b);
	} else if (b > a) {
		uint64_t obj = new_obj(m);
		for (uint64_t p = a; p < b; p += m->psz)
			m->pg[model_page(m, p)] = (struct mpage){
				.obj = obj, .off = p - m->heap_start, .prot = 3, .kind = MK_HEAP};
	}
}

void model_shmat(struct model *m, uint64_t addr, unsigned seg, unsigned prot)
{
	if (!m->shm_obj[seg])
		m->shm_obj[seg] = new_obj(m);
	size_t s = model_page(m, addr), n = model_pages(m, m->shm_size[seg]);
	for (size_t i = 0; i < n; i++)
		m->pg[s + i] = (struct mpage){.obj = m->shm_obj[seg], .off = i * m->psz,
					      .prot = prot, .kind = MK_SHM};
}

/* Every page of the segment attached at addr: within the segment's size
 * from addr, at the offset it would have in that attachment. */
void model_shmdt(struct model *m, uint64_t addr)
{
	uint64_t obj = m->pg[model_page(m, addr)].obj, size = 0;
	for (unsigned i = 0; i < MODEL_NSHM; i++)
		if (m->shm_obj[i] == obj)
			size = m->shm_size[i];
	for (uint64_t a = addr; a < addr + size && a < model_addr(m, m->npages); a += m->psz) {
		struct mpage *p = &m->pg[model_page(m, a)];
		if (p->kind == MK_SHM && p->obj == obj && p->off == a - addr)
			*p = (struct mpage){0};
	}
}

void model_fork(struct model *parent, struct model *child)
{
	model_copy(child, parent);
	struct renumber r;
	renumber_begin(&r, child);
	for (size_t i = 0; i < child->npages; i++) {
		struct mpage *p = &child->pg[i];
		if (!p->obj)
			continue;
		if (p->flags & MF_DONTFORK)
			*p = (struct mpage){0};
		else if (!model_kind_shared(p->kind))
			p->obj = renumber(&r, child, p->obj);
	}
	renumber_end(&r);
	if (!parent->dma)
		return;
	/* copy-on-write may move a writable private page of the parent */
	renumber_begin(&r, parent);
	for (size_t i = 0; i < parent->npages; i++) {
		struct mpage *p = &parent->pg[i];
		if (p->obj && !model_kind_shared(p->kind) && (p->prot & 2) &&
		    !(p->flags & MF_DONTFORK))
			p->obj = renumber(&r, parent, p->obj);
	}
	renumber_end(&r);
}

static int continues(const struct model *m, size_t i, size_t j)
{
	const struct mpage *a = &m->pg[i], *b = &m->pg[j];
	return a->obj && b->obj && a->obj == b->obj && b->off == a->off + m->psz &&
	       a->prot == b->prot && a->kind == b->kind && a->flags == b->flags;
}

void model_run(const struct model *m, size_t i, size_t *s, size_t *e)
{
	size_t a = i, b = i + 1;
	while (a > 0 && continues(m, a - 1, a))
		a--;
	while (b < m->npages && continues(m, b - 1, b))
		b++;
	*s = a;
	*e = b;
}

size_t model_runs(const struct model *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->npages; i++)
		if (m->pg[i].obj && !(i > 0 && continues(m, i - 1, i)))
			n++;
	return n;
}

size_t model_mapped(const struct model *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->npages; i++)
		n += m->pg[i].obj != 0;
	return n;
}
