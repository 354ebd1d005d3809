/* verdict.c - the decision rules of mdtrace-verdicts(7) (policy contract; the dma
 * policy differs only in how the table assigns identities).  This is the
 * one place the rules are written. */
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

void md_with_persistent(const struct md_table *now, struct md_desc *d,
			enum md_policy policy, uint64_t at, struct md_verdict *v)
{
	*v = (struct md_verdict){0};
	if (!d) {
		decide(v, MD_V_NULL, MD_R_BAD_ORIGINAL, NULL);
		return;
	}
	if (!(d->options & MD_OPT_PERSISTENT)) { /* rule 1 */
		decide(v, MD_V_NULL, MD_R_NOT_PERSISTENT, NULL);
		return;
	}
	for (size_t i = 0; i < d->nsegs; i++) {
		if (!d->segs[i].obj) { /* nothing was there to describe */
			struct finding f = {.found = 1, .start = d->segs[i].start, .end = d->segs[i].end};
			decide(v, MD_V_NULL, MD_R_BAD_ORIGINAL, &f);
			return;
		}
	}
	unsigned need = MD_PROT_R | (d->dir == MD_DIR_OUT ? 0 : MD_PROT_W);
	struct judgement j = {0};
	for (size_t i = 0; i < d->nsegs; i++)
		judge_seg(now, &d->segs[i], need, &j);
	v->need = (uint8_t)need;
	if (j.unmapped.found) { /* rule 2 */
		decide(v, MD_V_NULL, MD_R_UNMAPPED, &j.unmapped);
	} else if (j.prot.found) { /* rule 3 */
		decide(v, MD_V_NULL, MD_R_PROTECTION, &j.prot);
	} else if (!j.changed.found) { /* rule 4 */
		decide(v, MD_V_REUSED, j.stack_assumed ? MD_R_STACK_ASSUMED : MD_R_SAME, NULL);
		v->desc = md_desc_retain(d);
	} else { /* rule 5 */
		decide(v, MD_V_REBUILT, MD_R_IDENTITY, &j.changed);
		v->desc = md_desc_capture(now, d->ranges, d->nranges, d->options, d->dir, at);
		if (!v->desc) /* the seed's "some other resource shortage" */
			decide(v, MD_V_NULL, MD_R_NO_MEMORY, NULL);
	}
	(void)policy;
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
	}
	return snprintf(buf, n, "?");
}
