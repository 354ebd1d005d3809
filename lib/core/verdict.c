/* verdict.c - the decision rules of mdtrace-verdicts(7): policy contract; dma
 * differs only in how the table assigns identities, xnu in how the
 * decision is taken (map entries, offset 0, the persistent flag checked
 * only when rebuilding).  This is the one place the rules are written. */
#define _GNU_SOURCE
#include "verdict.h"
#include <stdio.h>

/* The first run of pages that failed one rule. */
struct finding {
	int found;
	uint64_t start, end, ev, old_obj, old_off, new_obj, new_off;
	uint8_t have;
};

static void note(struct finding *f, const struct md_piece *now, const struct md_seg *s)
{
	if (f->found) {
		if (f->end == now->start && f->ev == now->ev)
			f->end = now->end; /* one contiguous run */
		return;
	}
	*f = (struct finding){1, now->start, now->end, now->ev, s->obj,
			      s->off + (now->start - s->start), now->obj, now->off, now->prot};
}

struct judgement {
	struct finding unmapped, prot, changed, stale;
	int stack_assumed;
};

/* Compare one captured run with the table now; `need` is the access the
 * direction requires. */
static void judge_seg(const struct md_table *t, const struct md_seg *s, unsigned need,
		      struct judgement *j)
{
	uint64_t a = s->start;
	while (a < s->end) {
		struct md_piece p;
		md_table_span(t, a, s->end, &p);
		a = p.end;
		if (!p.obj) {
			note(&j->unmapped, &p, s);
			continue;
		}
		if (p.flags & MD_PF_STACKGROW)
			j->stack_assumed = 1;
		if ((p.prot & need) != need)
			note(&j->prot, &p, s);
		if (p.obj != s->obj || p.off != s->off + (p.start - s->start))
			note(&j->changed, &p, s);
	}
}

static void decide(struct md_verdict *v, enum md_verdict_kind k, enum md_reason r,
		   const struct finding *f)
{
	v->kind = k;
	v->reason = r;
	if (!f)
		return;
	v->start = f->start;
	v->end = f->end;
	v->ev = f->ev;
	v->old_obj = f->old_obj;
	v->old_off = f->old_off;
	v->new_obj = f->new_obj;
	v->new_off = f->new_off;
	v->have = f->have;
}

/* ---------- policy xnu: map entries (mdtrace-verdicts(7), POLICIES) ----------
 *
 * XNU's memoryReferenceCreate(kIOMemoryReferenceReuse) makes one memory
 * entry per VM map entry the ranges cross (mach_make_memory_entry_share
 * extracts a single one with vmkf_copy_single_object) and keeps the
 * original reference only when every entry matches the original's in
 * object, offset and size, with the original's offset 0. */

/* One map entry, as mdtrace sees one: a run of adjacent pieces of one
 * object at contiguous offsets with the same access, kind and fork flags.
 * Pieces that differ only in the event that last set them are one entry
 * (an mprotect undone leaves one VMA in Linux; XNU's vm_map_simplify_entry
 * joins such entries again); pieces of different objects never are, even
 * where Linux shows one VMA, since an XNU map entry holds one VM object. */
struct entry {
	uint64_t start, end, obj, off;
	uint8_t prot, kind;
	uint16_t flags;
};

/* The piece flags that are the kernel's (VM_DONTCOPY, VM_WIPEONFORK; XNU's
 * inheritance): the others are mdtrace's notes (seeded, stack growth). */
enum { ENTRY_FLAGS = MD_PF_DONTFORK | MD_PF_WIPEONFORK };

/* The pieces of d's ranges in order, as captured (t == NULL: d's segs) or
 * in table t now.  Ranges that follow each other exactly are one run, as
 * memoryReferenceCreate coalesces them; an entry never crosses runs. */
struct walk {
	const struct md_desc *d;
	const struct md_table *t;
	uint64_t mask;        /* page size - 1 */
	size_t next;          /* the first range after the current run */
	size_t r;             /* captured: the range whose segs are read */
	size_t k;             /* captured: the next seg */
	uint64_t a, e;        /* where the run is read up to, and its end */
	int fresh;            /* the next piece starts a run */
	int have;             /* la holds a piece no entry has taken yet */
	struct md_piece la;
};

static uint64_t range_end(const struct walk *w, size_t i)
{
	const struct md_range *r = &w->d->ranges[i];
	return (r->addr + r->len + w->mask) & ~w->mask; /* checked by md_desc_capture */
}

static int start_run(struct walk *w)
{
	const struct md_range *r = w->d->ranges;
	size_t i = w->next, j = i + 1;
	if (i >= w->d->nranges)
		return 0;
	while (j < w->d->nranges && r[j - 1].addr + r[j - 1].len == r[j].addr)
		j++;
	w->next = j;
	w->r = i;
	w->a = r[i].addr & ~w->mask;
	w->e = range_end(w, j - 1);
	w->fresh = 1;
	return 1;
}

/* The next captured piece of the run: its ranges' segs in order, less the
 * page two exactly adjacent ranges that do not end on a page share. */
static int captured_piece(struct walk *w, struct md_piece *p)
{
	while (w->r < w->next && w->k < w->d->nsegs) {
		const struct md_seg *s = &w->d->segs[w->k++];
		if (s->end == range_end(w, w->r))
			w->r++; /* the last seg of that range */
		if (s->end <= w->a)
			continue;
		uint64_t start = s->start > w->a ? s->start : w->a;
		*p = (struct md_piece){.start = start, .end = s->end, .obj = s->obj,
				       .off = s->off + (start - s->start), .ev = s->ev,
				       .prot = s->prot, .kind = s->kind, .flags = s->flags};
		w->a = s->end;
		return 1;
	}
	return 0;
}

static int table_piece(struct walk *w, struct md_piece *p)
{
	if (w->a >= w->e)
		return 0;
	md_table_span(w->t, w->a, w->e, p);
	w->a = p->end;
	return 1;
}

static int next_piece(struct walk *w, struct md_piece *p, int *fresh)
{
	for (;;) {
		if (w->t ? table_piece(w, p) : captured_piece(w, p)) {
			*fresh = w->fresh;
			w->fresh = 0;
			return 1;
		}
		if (!start_run(w))
			return 0;
	}
}

static int joins(const struct entry *e, const struct md_piece *p)
{
	return e->end == p->start && e->obj == p->obj && p->off == e->off + (e->end - e->start) &&
	       e->prot == p->prot && e->kind == p->kind &&
	       (e->flags & ENTRY_FLAGS) == (p->flags & ENTRY_FLAGS);
}

static int next_entry(struct walk *w, struct entry *e)
{
	int fresh;
	if (!w->have && !next_piece(w, &w->la, &fresh))
		return 0;
	*e = (struct entry){w->la.start, w->la.end, w->la.obj, w->la.off,
			    w->la.prot, w->la.kind, w->la.flags};
	w->have = 0;
	while (next_piece(w, &w->la, &fresh)) {
		if (fresh || !joins(e, &w->la)) {
			w->have = 1;
			break;
		}
		e->end = w->la.end;
	}
	return 1;
}

/* What keeps XNU from reusing the original's entries, identities aside:
 * the first captured entry without its match now (in count or size), and
 * the first one that does not start at offset 0 of its object. */
struct entries {
	int moved, inside;
	struct entry was, is;  /* moved: the captured entry, and the one now at its start */
	struct entry in;       /* inside: the captured entry */
	uint32_t now, then;    /* entries the ranges cross */
};

static void compare_entries(const struct md_table *now, const struct md_desc *d,
			    struct entries *m)
{
	uint64_t mask = md_table_page_size(now) - 1;
	struct walk was = {.d = d, .mask = mask}, is = {.d = d, .t = now, .mask = mask};
	struct entry x = {0}, y = {0};
	for (;;) {
		int gx = next_entry(&was, &x), gy = next_entry(&is, &y);
		if (!gx && !gy)
			return;
		m->then += (uint32_t)gx;
		m->now += (uint32_t)gy;
		if (!m->moved && (gx != gy || x.start != y.start || x.end != y.end)) {
			m->moved = 1; /* both sides cover the same pages: neither ends first */
			m->was = x;
			m->is = y;
		}
		if (gx && !m->inside && x.off) {
			m->inside = 1;
			m->in = x;
		}
	}
}

/* Nothing to judge: no descriptor, or pages it never described.  Returns 1
 * when that decided v. */
static int bad_original(const struct md_desc *d, struct md_verdict *v)
{
	if (!d) {
		decide(v, MD_V_NULL, MD_R_BAD_ORIGINAL, NULL);
		return 1;
	}
	for (size_t i = 0; i < d->nsegs; i++) {
		if (!d->segs[i].obj) { /* nothing was there to describe */
			struct finding f = {.found = 1, .start = d->segs[i].start, .end = d->segs[i].end};
			decide(v, MD_V_NULL, MD_R_BAD_ORIGINAL, &f);
			return 1;
		}
	}
	return 0;
}

static void decide_entries(struct md_verdict *v, const struct entries *m)
{
	v->kind = MD_V_REBUILT;
	v->entries_now = m->now;
	v->entries_then = m->then;
	if (m->moved) {
		v->reason = MD_R_ENTRIES;
		v->start = m->was.start;
		v->end = m->was.end;
		v->entry_end = m->is.end;
	} else {
		v->reason = MD_R_OFFSET;
		v->start = m->in.start;
		v->end = m->in.end;
		v->old_obj = v->new_obj = m->in.obj;
		v->old_off = v->new_off = m->in.off;
	}
}

static void rebuild(const struct md_table *now, struct md_desc *d, uint64_t at,
		    struct md_verdict *v)
{
	v->desc = md_desc_capture(now, d->ranges, d->nranges, d->options, d->dir, at);
	if (!v->desc) /* the seed's "some other resource shortage" */
		decide(v, MD_V_NULL, MD_R_NO_MEMORY, NULL);
}

void md_with_persistent(const struct md_table *now, struct md_desc *d,
			enum md_policy policy, uint64_t at, struct md_verdict *v)
{
	int xnu = policy == MD_POLICY_XNU;
	*v = (struct md_verdict){0};
	/* rule 1; XNU looks at the flag only when it must rebuild
	 * (IOGeneralMemoryDescriptor::initWithOptions, kIOMemoryTypePersistentMD) */
	if (d && !xnu && !(d->options & MD_OPT_PERSISTENT)) {
		decide(v, MD_V_NULL, MD_R_NOT_PERSISTENT, NULL);
		return;
	}
	if (bad_original(d, v))
		return;
	unsigned need = MD_PROT_R | (d->dir == MD_DIR_OUT ? 0 : MD_PROT_W);
	struct judgement j = {0};
	for (size_t i = 0; i < d->nsegs; i++)
		judge_seg(now, &d->segs[i], need, &j);
	v->need = (uint8_t)need;
	/* Under xnu too: mach_make_memory_entry fails on a hole or a missing
	 * access whether it reuses or not, and so does the whole call. */
	if (j.unmapped.found) { /* rule 2 */
		decide(v, MD_V_NULL, MD_R_UNMAPPED, &j.unmapped);
		return;
	}
	if (j.prot.found) { /* rule 3 */
		decide(v, MD_V_NULL, MD_R_PROTECTION, &j.prot);
		return;
	}
	struct entries m = {0};
	if (xnu)
		compare_entries(now, d, &m);
	if (!j.changed.found && !m.moved && !m.inside) { /* rule 4 */
		decide(v, MD_V_REUSED, j.stack_assumed ? MD_R_STACK_ASSUMED : MD_R_SAME, NULL);
		v->desc = md_desc_retain(d);
		return;
	}
	if (!(d->options & MD_OPT_PERSISTENT)) { /* xnu only: rule 1 came first otherwise */
		decide(v, MD_V_NULL, MD_R_NOT_PERSISTENT, NULL);
		return;
	}
	if (j.changed.found) /* rule 5 */
		decide(v, MD_V_REBUILT, MD_R_IDENTITY, &j.changed);
	else
		decide_entries(v, &m);
	rebuild(now, d, at, v);
}

const char *md_verdict_name(enum md_verdict_kind k)
{
	return k == MD_V_REUSED ? "reused" : k == MD_V_REBUILT ? "rebuilt" : "null";
}

const char *md_reason_name(enum md_reason r)
{
	static const char *const names[] = {
		[MD_R_SAME] = "same memory",           [MD_R_NOT_PERSISTENT] = "not persistent",
		[MD_R_BAD_ORIGINAL] = "bad original",  [MD_R_UNMAPPED] = "unmapped",
		[MD_R_PROTECTION] = "protection",      [MD_R_IDENTITY] = "backing changed",
		[MD_R_NO_MEMORY] = "resource shortage", [MD_R_STACK_ASSUMED] = "same memory (stack)",
		[MD_R_ENTRIES] = "map entries changed", [MD_R_OFFSET] = "not at offset 0",
	};
	return (unsigned)r < sizeof names / sizeof *names ? names[r] : "?";
}

static void prot_str(unsigned p, char s[4])
{
	s[0] = p & MD_PROT_R ? 'r' : '-';
	s[1] = p & MD_PROT_W ? 'w' : '-';
	s[2] = p & MD_PROT_X ? 'x' : '-';
	s[3] = 0;
}

int md_verdict_explain(const struct md_verdict *v, char *buf, size_t n)
{
	unsigned long long s = v->start, e = v->end;
	char have[4], need[4];
	switch (v->reason) {
	case MD_R_SAME:
		return snprintf(buf, n, "reused: every page is backed by the memory it had at capture");
	case MD_R_STACK_ASSUMED:
		return snprintf(buf, n, "reused: same memory; part of the range is [stack] the "
				"kernel grows on demand, assumed mapped");
	case MD_R_NOT_PERSISTENT:
		return snprintf(buf, n, "null: the descriptor was not created persistent");
	case MD_R_BAD_ORIGINAL:
		return snprintf(buf, n, "null: bad original: 0x%llx-0x%llx was not mapped at capture", s, e);
	case MD_R_UNMAPPED:
		return snprintf(buf, n, "null: 0x%llx-0x%llx is unmapped", s, e);
	case MD_R_PROTECTION:
		prot_str(v->have, have);
		prot_str(v->need, need);
		return snprintf(buf, n, "null: protection: 0x%llx-0x%llx is %s, needs %s", s, e,
				have, need);
	case MD_R_IDENTITY:
		return snprintf(buf, n, "rebuilt: 0x%llx-0x%llx is now object %llu+0x%llx (was "
				"object %llu+0x%llx), set by event %llu", s, e,
				(unsigned long long)v->new_obj, (unsigned long long)v->new_off,
				(unsigned long long)v->old_obj, (unsigned long long)v->old_off,
				(unsigned long long)v->ev);
	case MD_R_NO_MEMORY:
		return snprintf(buf, n, "null: out of memory building the new descriptor");
	case MD_R_ENTRIES:
		return snprintf(buf, n, "rebuilt: map entries changed: the entry 0x%llx-0x%llx of "
				"the capture is now 0x%llx-0x%llx (the ranges cross %u entries now, "
				"%u then)", s, e, s, (unsigned long long)v->entry_end,
				v->entries_now, v->entries_then);
	case MD_R_OFFSET:
		return snprintf(buf, n, "rebuilt: 0x%llx-0x%llx starts at offset 0x%llx of object "
				"%llu, and only an entry at offset 0 is reused", s, e,
				(unsigned long long)v->old_off, (unsigned long long)v->old_obj);
	}
	return snprintf(buf, n, "?");
}
