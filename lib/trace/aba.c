/* aba.c - see aba.h. */
#include "aba.h"

int md_aba_init(struct md_aba *a, const struct md_table *like)
{
	a->count = 0;
	a->ghost = md_table_new(md_table_page_size(like), MD_POLICY_CONTRACT);
	return a->ghost ? 0 : -1;
}

struct scan {
	struct md_aba *a;
	const struct md_table *now;
	int reused;
};

/* A page now mapped whose last known identity was a different one. */
static int ghost_piece(const struct md_piece *g, void *arg)
{
	struct scan *s = arg;
	struct md_piece p;
	for (uint64_t x = g->start; x < g->end; x = p.end) {
		md_table_span(s->now, x, g->end, &p);
		if (p.obj && (p.obj != g->obj || p.off != g->off + (x - g->start))) {
			s->reused = 1;
			return 1;
		}
	}
	return 0;
}

static int remember(const struct md_piece *p, void *arg)
{
	md_table_put(arg, p);
	return 0;
}

void md_aba_note(struct md_aba *a, const struct md_table *now, const struct md_effect *eff)
{
	if (!a->ghost || !eff->remapped)
		return;
	struct scan s = {a, now, 0};
	for (int i = 0; i < eff->n && !s.reused; i++)
		md_table_walk(a->ghost, eff->s[i], eff->e[i], ghost_piece, &s);
	a->count += s.reused;
	for (int i = 0; i < eff->n; i++)
		md_table_walk(now, eff->s[i], eff->e[i], remember, a->ghost);
}

void md_aba_free(struct md_aba *a)
{
	md_table_free(a->ghost);
	a->ghost = NULL;
}
