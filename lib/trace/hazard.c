/* hazard.c - grouping hazards by their pair of stacks (see hazard.h). */
#include "hazard.h"
#include "reader.h"
#include <stdlib.h>
#include <string.h>

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v;
	h *= 0x100000001b3ULL;
	return h ^ h >> 29;
}

static uint64_t hash_rec(uint64_t h, const struct md_rec *r)
{
	if (!r)
		return mix(h, 0);
	h = mix(h, r->type);
	for (unsigned i = 0; i < r->nframes; i++)
		h = mix(h, md_rec_frames(r)[i]);
	return mix(h, r->nframes);
}

static int same_stack(const struct md_rec *x, const struct md_rec *y)
{
	if (!x || !y)
		return x == y;
	return x->type == y->type && x->nframes == y->nframes &&
	       !memcmp(md_rec_frames(x), md_rec_frames(y), x->nframes * sizeof(uint64_t));
}

static int same_group(const struct md_hz_group *g, const struct md_hazard *h, uint64_t hash)
{
	return g->hash == hash && g->first.kind == h->kind && g->first.unseen == h->unseen &&
	       same_stack(g->first.gone, h->gone) && same_stack(g->first.taken, h->taken);
}

static int grow_slots(struct md_hz_report *rep)
{
	size_t n = rep->nslots ? rep->nslots * 2 : 64;
	uint32_t *s = calloc(n, sizeof *s);
	if (!s)
		return -1;
	for (size_t i = 0; i < rep->n; i++) {
		size_t k = rep->g[i].hash & (n - 1);
		while (s[k])
			k = (k + 1) & (n - 1);
		s[k] = (uint32_t)i + 1;
	}
	free(rep->slots);
	rep->slots = s;
	rep->nslots = n;
	return 0;
}

static struct md_hz_group *new_group(struct md_hz_report *rep, const struct md_hazard *h,
				     uint64_t hash, size_t slot)
{
	if (rep->n == rep->cap) {
		size_t n = rep->cap ? rep->cap * 2 : 16;
		struct md_hz_group *g = realloc(rep->g, n * sizeof *g);
		if (!g)
			return NULL;
		rep->g = g;
		rep->cap = n;
	}
	struct md_hz_group *g = &rep->g[rep->n++];
	*g = (struct md_hz_group){.first = *h, .hash = hash};
	rep->slots[slot] = (uint32_t)rep->n;
	return g;
}

void md_hz_add(void *report, const struct md_hazard *h)
{
	struct md_hz_report *rep = report;
	if ((rep->n + 1) * 2 > rep->nslots && grow_slots(rep) < 0) {
		rep->failed = 1;
		return;
	}
	uint64_t hash = hash_rec(hash_rec(mix(0xcbf29ce484222325ULL, h->kind), h->gone), h->taken);
	size_t k = hash & (rep->nslots - 1);
	struct md_hz_group *g = NULL;
	for (; rep->slots[k]; k = (k + 1) & (rep->nslots - 1))
		if (same_group(&rep->g[rep->slots[k] - 1], h, hash)) {
			g = &rep->g[rep->slots[k] - 1];
			break;
		}
	if (!g && !(g = new_group(rep, h, hash, k))) {
		rep->failed = 1;
		return;
	}
	g->count++;
	g->bytes += h->end - h->start;
	if ((unsigned)h->verdict < 3)
		g->verdicts[h->verdict]++;
}

static int by_count(const void *x, const void *y)
{
	const struct md_hz_group *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	uint64_t sa = a->first.taken->seq, sb = b->first.taken->seq;
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return (a->first.start > b->first.start) - (a->first.start < b->first.start);
}

void md_hz_sort(struct md_hz_report *rep)
{
	if (rep->n)
		qsort(rep->g, rep->n, sizeof *rep->g, by_count);
	free(rep->slots); /* indices are stale now */
	rep->slots = NULL;
	rep->nslots = 0;
}

void md_hz_free(struct md_hz_report *rep)
{
	free(rep->g);
	free(rep->slots);
	memset(rep, 0, sizeof *rep);
}
