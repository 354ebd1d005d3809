/* aba.c - the hazard detector (see aba.h). */
#include "aba.h"
#include "replay_internal.h"
#include <stdlib.h>
#include <string.h>

/* Ghost pieces: flags keep the table's MD_PF_* plus this bit for pages
 * given back; ev is the byte offset in the trace of the record that
 * mapped (or gave back) the pages, 0 when unknown. */
enum { GONE = 1 << 15 };

static uint64_t rec_off(const struct md_aba *a, const struct md_rec *r)
{
	r = md_trace_stable(a->tr, r);
	return r ? (uint64_t)((const uint8_t *)r - a->tr->base) : 0;
}

static const struct md_rec *rec_at(const struct md_aba *a, uint64_t off)
{
	return off ? (const struct md_rec *)(a->tr->base + off) : NULL;
}

static int same_memory(const struct md_piece *x, const struct md_piece *y)
{
	return x->obj == y->obj && x->off == y->off;
}

static void span(const struct md_table *t, uint64_t x, uint64_t e, struct md_piece *p)
{
	md_table_span(t, x, e, p);
	if (p->flags & MD_PF_STACKGROW) /* pages nobody mapped yet */
		p->obj = 0;
}

/* The next run [x, pn->end) over which both tables are uniform. */
static void chunk(const struct md_aba *a, const struct md_table *now, uint64_t x, uint64_t e,
		  struct md_piece *pn, struct md_piece *pg)
{
	span(now, x, e, pn);
	span(a->ghost, x, pn->end, pg);
	pn->end = pg->end;
}

static void pend(struct md_aba *a, enum md_hz_kind kind, const struct md_piece *p,
		 const struct md_rec *gone, const struct md_rec *taken, int unseen)
{
	struct md_hazard *last = a->npend ? &a->pend[a->npend - 1] : NULL;
	/* hazards outlive the step that found them: point into the mapping */
	gone = md_trace_stable(a->tr, gone);
	taken = md_trace_stable(a->tr, taken);
	if (last && last->kind == kind && last->gone == gone && last->unseen == unseen &&
	    last->end == p->start) {
		last->end = p->end;
		return;
	}
	if (a->npend == a->cappend) {
		size_t n = a->cappend ? a->cappend * 2 : 8;
		struct md_hazard *v = realloc(a->pend, n * sizeof *v);
		if (!v) {
			a->failed = 1;
			return;
		}
		a->pend = v;
		a->cappend = n;
	}
	a->pend[a->npend++] = (struct md_hazard){kind, p->start, p->end, gone, taken, unseen,
						 MD_V_NULL, 0};
}

/* Whether the live pages at x were given back by no recorded call: r is
 * a mapping the kernel placed there by itself. */
static int unseen_gone(const struct md_effect *eff, uint64_t x)
{
	return eff->unseen == MD_UNSEEN_UNMAPPED && x >= eff->us && x < eff->ue;
}

static void detect(struct md_aba *a, const struct md_table *now, const struct md_rec *r,
		   const struct md_effect *eff, uint64_t s, uint64_t e)
{
	struct md_piece pn, pg;
	for (uint64_t x = s; x < e; x = pn.end) {
		chunk(a, now, x, e, &pn, &pg);
		if (!pn.obj || !pg.obj || ((pn.flags | pg.flags) & MD_PF_TOOL))
			continue;
		if (!same_memory(&pn, &pg) && !(pg.flags & GONE) && unseen_gone(eff, x))
			pend(a, MD_HZ_ABA, &pn, NULL, r, 1);
		else if (!same_memory(&pn, &pg))
			pend(a, MD_HZ_ABA, &pn, pg.flags & GONE ? rec_at(a, pg.ev) : r, r, 0);
		else if (!(pg.flags & GONE) && (pg.prot & ~pn.prot & (MD_PROT_R | MD_PROT_W)))
			pend(a, MD_HZ_ACCESS, &pn, rec_at(a, pg.ev), r, 0);
	}
}

static void put(struct md_aba *a, const struct md_piece *p)
{
	if (md_table_put(a->ghost, p) < 0)
		a->failed = 1;
}

static void account(struct md_aba *a, const struct md_piece *p, int sign)
{
	uint64_t len = (p->end - p->start) * (uint64_t)(int64_t)sign;
	a->mapped += len;
	if (p->flags & MD_PF_TOOL)
		a->tool += len;
}

/* Make the ghost agree with `now` over [s, e). */
static void update(struct md_aba *a, const struct md_table *now, const struct md_rec *r,
		   uint64_t s, uint64_t e)
{
	struct md_piece pn, pg;
	for (uint64_t x = s; x < e; x = pn.end) {
		chunk(a, now, x, e, &pn, &pg);
		int live = pg.obj && !(pg.flags & GONE);
		if (!pn.obj) {
			if (live) {
				pg.flags |= GONE;
				pg.ev = rec_off(a, r);
				put(a, &pg);
				account(a, &pg, -1);
			}
		} else if (!live || !same_memory(&pn, &pg)) {
			if (live)
				account(a, &pg, -1);
			pn.ev = rec_off(a, r);
			put(a, &pn);
			account(a, &pn, 1);
		} else if (pg.prot != pn.prot || pg.kind != pn.kind || pg.flags != pn.flags) {
			account(a, &pg, -1);
			account(a, &pn, 1);
			pg.prot = pn.prot;
			pg.kind = pn.kind;
			pg.flags = pn.flags;
			put(a, &pg);
		}
	}
}

static void judge(struct md_aba *a, const struct md_table *now, const struct md_rec *r,
		  struct md_hazard *h)
{
	struct md_range rg = {h->start, h->end - h->start};
	/* The ghost still holds the pages as they were before this record. */
	struct md_desc *d = md_desc_capture(a->ghost, &rg, 1, MD_OPT_PERSISTENT, MD_DIR_INOUT, 0);
	struct md_verdict v;
	md_with_persistent(now, d, MD_POLICY_CONTRACT, r ? r->seq : 0, &v);
	h->verdict = v.kind;
	h->reason = v.reason;
	md_desc_release(v.desc);
	md_desc_release(d);
}

/* The effect's ranges sorted and merged; everything when it lost count. */
static int ranges(const struct md_rec *r, const struct md_effect *eff, uint64_t s[2], uint64_t e[2])
{
	if (!r || r->type == MD_EV_SEED || eff->overflow) {
		s[0] = 0;
		e[0] = UINT64_MAX;
		return 1;
	}
	int n = eff->n;
	for (int i = 0; i < n; i++)
		s[i] = eff->s[i], e[i] = eff->e[i];
	if (n == 2 && s[1] < s[0]) {
		uint64_t t = s[0], u = e[0];
		s[0] = s[1], e[0] = e[1], s[1] = t, e[1] = u;
	}
	if (n == 2 && s[1] <= e[0]) {
		e[0] = e[1] > e[0] ? e[1] : e[0];
		n = 1;
	}
	return n;
}

void md_aba_note(struct md_aba *a, const struct md_table *now, const struct md_rec *r,
		 const struct md_effect *eff)
{
	if (!a->ghost)
		return;
	uint64_t s[2], e[2];
	int n = ranges(r, eff, s, e);
	a->npend = 0;
	if (r && !(r->flags & MD_RF_TOOL))
		for (int i = 0; i < n; i++)
			detect(a, now, r, eff, s[i], e[i]);
	for (size_t i = 0; i < a->npend; i++) {
		struct md_hazard *h = &a->pend[i];
		if (a->verdicts)
			judge(a, now, r, h);
		if (h->kind == MD_HZ_ABA)
			a->count++;
		else
			a->access++;
	}
	for (int i = 0; i < n; i++)
		update(a, now, r, s[i], e[i]);
	for (size_t i = 0; a->fn && i < a->npend; i++)
		a->fn(a->arg, &a->pend[i]);
}

int md_aba_init(struct md_aba *a, const struct md_replay *rp)
{
	memset(a, 0, sizeof *a);
	a->tr = &rp->tr;
	a->ghost = md_table_new(md_table_page_size(rp->t), MD_POLICY_CONTRACT);
	if (!a->ghost)
		return -1;
	struct md_effect none = {0};
	md_aba_note(a, rp->t, NULL, &none);
	return 0;
}

void md_aba_free(struct md_aba *a)
{
	md_table_free(a->ghost);
	free(a->pend);
	a->ghost = NULL;
	a->pend = NULL;
}
