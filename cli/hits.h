/* hits.h - the events after a capture that touched a descriptor's ranges
 * (the newest MD_HITS_MAX of them), and the one among them that decided a
 * verdict: shared by the trace query and the live query. */
#ifndef MD_CLI_HITS_H
#define MD_CLI_HITS_H
#include "apply.h"
#include "verdict.h"

#define MD_HITS_MAX 256

struct md_hit {
	const struct md_rec *r;
	struct md_effect eff;
};

struct md_hits {
	struct md_hit h[MD_HITS_MAX]; /* a circle: the oldest is h[first] */
	size_t n, first;
	uint64_t total;               /* every event added, kept or not */
	int own;                      /* keep copies: the trace is live (see below) */
};

/* A live trace's newest records may sit in its ring, where the writer
 * overwrites them 256 KiB later: with own set, md_hits_add keeps a copy. */
void md_hits_clear(struct md_hits *g);

/* Does the effect touch any of the n ranges? */
int md_ranges_hit(const struct md_range *rg, size_t n, const struct md_effect *eff);
void md_hits_add(struct md_hits *g, const struct md_rec *r, const struct md_effect *eff);
/* The i-th oldest event kept. */
const struct md_hit *md_hits_nth(const struct md_hits *g, size_t i);
/* Add every event of `from`, oldest first. */
void md_hits_append(struct md_hits *to, const struct md_hits *from);
/* The event that decided v: the one that gave the pages their identity
 * (rebuilt), or else the newest that touched the deciding sub-range. */
const struct md_rec *md_hits_deciding(const struct md_hits *g, const struct md_verdict *v);

#endif
