/* replay_index.c - replaying from the trace index's checkpoints: seek,
 * near, restore, and building the index (see replay.h). */
#define _GNU_SOURCE
#include "replay_internal.h"
#include <string.h>

void md_replay_index_begin(struct md_replay *rp)
{
	if (!rp->ib && !rp->opts.no_index &&
	    md_policy_identities(md_table_policy(rp->t)) == MD_POLICY_CONTRACT)
		rp->ib = md_index_begin(rp, rp->opts.index_every);
}

void md_replay_index_end(struct md_replay *rp)
{
	if (rp->ib)
		md_index_finish(rp->ib, rp, rp->path, NULL);
	rp->ib = NULL;
}

/* Apply the records up to the first one numbered above seq, through the
 * streaming reader (no record outlives its step); returns the offset of
 * the last record applied, 0 if none. */
static size_t run_to(struct md_replay *rp, uint64_t seq)
{
	const struct md_rec *r;
	struct md_effect eff;
	size_t off = rp->off, last = 0;
	while ((r = md_trace_stream(&rp->tr, &off)) && r->seq <= seq) {
		last = off - r->size;
		md_replay_apply(rp, r, off, &eff);
	}
	return last;
}

/* One full replay of the trace, checkpointing as it goes. */
static int build_index(struct md_replay *rp)
{
	struct md_replay b;
	char err[600];
	if (md_replay_init(&b, rp->path, rp->policy, &rp->opts, err, sizeof err) < 0)
		return -1;
	md_replay_index_begin(&b);
	if (b.ib)
		run_to(&b, UINT64_MAX);
	int ok = b.ib && md_index_finish(b.ib, &b, rp->path, &rp->ix) == 0;
	b.ib = NULL;
	md_replay_fini(&b);
	return ok ? 0 : -1;
}

const struct md_index *md_replay_index(struct md_replay *rp)
{
	if (rp->ix_state != MD_INDEX_UNKNOWN)
		return rp->ix_state == MD_INDEX_LOADED ? &rp->ix : NULL;
	rp->ix_state = MD_INDEX_NONE;
	/* one index for the tables of contract, which are xnu's too */
	if (rp->opts.no_index || md_policy_identities(rp->policy) != MD_POLICY_CONTRACT)
		return NULL;
	char err[600];
	int got = md_index_load(&rp->ix, rp, rp->path, err, sizeof err);
	if (got < 0)
		md_replay_warn(rp, "warning: %s", err);
	if (got <= 0 && build_index(rp) < 0)
		return NULL;
	rp->ix_state = MD_INDEX_LOADED;
	return &rp->ix;
}

enum md_index_state md_replay_index_state(const struct md_replay *rp)
{
	return rp->ix_state;
}

void md_replay_index_damaged(struct md_replay *rp)
{
	if (rp->ix_state == MD_INDEX_LOADED) {
		char name[4200];
		md_index_path(rp->path, name, sizeof name);
		md_replay_warn(rp, "warning: %s: damaged checkpoint; replaying from the start", name);
	}
	rp->ix_state = MD_INDEX_DAMAGED;
}

static int restart(struct md_replay *rp)
{
	struct md_replay n;
	char err[600];
	if (md_replay_init(&n, rp->path, rp->policy, &rp->opts, err, sizeof err) < 0)
		return -1;
	n.ix = rp->ix;
	n.ix_state = rp->ix_state;
	memset(&rp->ix, 0, sizeof rp->ix);
	md_replay_fini(rp);
	*rp = n;
	return 0;
}

/* The newest checkpoint whose records all have seq <= seq. */
static uint32_t newest_before(const struct md_index *ix, uint64_t seq)
{
	uint32_t lo = 0, hi = ix->h->nckpts;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (ix->ck[mid].maxseq <= seq)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

long md_replay_near(struct md_replay *rp, uint64_t seq)
{
	const struct md_index *ix = md_replay_index(rp);
	int behind = rp->maxseq > seq;
	if (!ix) {
		if (behind)
			restart(rp);
		return -1;
	}
	uint32_t lo = newest_before(ix, seq);
	if (!behind && ix->ck[lo].off <= rp->off)
		return lo;
	if (md_index_restore(ix, lo, rp) < 0) {
		char name[4200];
		md_index_path(rp->path, name, sizeof name);
		md_replay_warn(rp, "warning: %s: damaged checkpoint %u; replaying from the start",
			       name, lo);
		rp->ix_state = MD_INDEX_DAMAGED; /* not freed: callers may still hold it */
		restart(rp); /* a restore that failed half-way leaves rp half-written */
		return -1;
	}
	return lo;
}

int md_replay_restore(struct md_replay *rp, const struct md_index *ix, uint32_t k)
{
	if (md_index_restore(ix, k, rp) == 0)
		return 0;
	restart(rp); /* as md_replay_near: back to the start, whole */
	return -1;
}

const struct md_rec *md_replay_seek(struct md_replay *rp, uint64_t seq)
{
	md_replay_near(rp, seq);
	/* A record past `seq` is left for a later call. */
	size_t last = run_to(rp, seq);
	return last ? md_trace_at(&rp->tr, last) : NULL;
}
