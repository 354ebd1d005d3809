/* hits.c - the events that touched a descriptor's ranges (see hits.h). */
#include "hits.h"
#include "cli.h"
#include <stdlib.h>
#include <string.h>

int md_ranges_hit(const struct md_range *rg, size_t n, const struct md_effect *eff)
{
	for (size_t i = 0; i < n; i++)
		if (md_effect_hits(eff, rg[i].addr, rg[i].addr + rg[i].len))
			return 1;
	return 0;
}

void md_hits_clear(struct md_hits *g)
{
	for (size_t i = 0; g->own && i < g->n; i++)
		free((void *)md_hits_nth(g, i)->r);
	g->n = g->first = 0;
	g->total = 0;
}

void md_hits_add(struct md_hits *g, const struct md_rec *r, const struct md_effect *eff)
{
	struct md_hit *slot = &g->h[(g->first + g->n) % MD_HITS_MAX];
	if (g->own) {
		struct md_rec *c = malloc(r->size);
		if (!c)
			md_die(EXIT_RUNTIME, "out of memory");
		memcpy(c, r, r->size);
		if (g->n == MD_HITS_MAX)
			free((void *)slot->r);
		r = c;
	}
	*slot = (struct md_hit){r, *eff};
	if (g->n < MD_HITS_MAX)
		g->n++;
	else
		g->first = (g->first + 1) % MD_HITS_MAX;
	g->total++;
}

const struct md_hit *md_hits_nth(const struct md_hits *g, size_t i)
{
	return &g->h[(g->first + i) % MD_HITS_MAX];
}

void md_hits_append(struct md_hits *to, const struct md_hits *from)
{
	for (size_t i = 0; i < from->n; i++)
		md_hits_add(to, md_hits_nth(from, i)->r, &md_hits_nth(from, i)->eff);
}

const struct md_rec *md_hits_deciding(const struct md_hits *g, const struct md_verdict *v)
{
	for (size_t i = g->n; i-- > 0;) {
		const struct md_hit *h = md_hits_nth(g, i);
		if (v->reason == MD_R_IDENTITY ? h->r->seq == v->ev
					       : md_effect_hits(&h->eff, v->start, v->end))
			return h->r;
	}
	return NULL;
}
