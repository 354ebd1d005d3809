/* replay.c - trace to table (see replay.h). */
#define _GNU_SOURCE
#include "replay.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARENTS 32 /* a hostile chain of parent traces ends here */

static int open_depth(struct md_replay *rp, const char *path, enum md_policy pol,
		      char *err, size_t errlen, int depth);

static void note_seed(struct md_replay *rp, const struct md_rec *r)
{
	const char *text = (const char *)md_rec_extra(r);
	int bad;
	/* A fork child's table came from its parent: its own view of /proc
	 * only corrects it.  Otherwise the seed is the starting table. */
	if (rp->from_parent || md_table_count(rp->t))
		bad = md_table_reconcile(rp->t, text, r->extra_len, r->seq, NULL, NULL) < 0;
	else
		bad = md_table_seed(rp->t, text, r->extra_len, r->seq) < 0;
	/* The trace file's own mapping is mdtrace's, whoever maps it. */
	if (bad || md_table_flag_file(rp->t, rp->tr.dev, rp->tr.ino, MD_PF_TOOL) < 0)
		rp->bad_records++;
}

void md_replay_add_module(struct md_replay *rp, const struct md_rec *r)
{
	struct md_module_id id;
	if (r->extra_len < sizeof id)
		return;
	memcpy(&id, md_rec_extra(r), sizeof id);
	if (id.path_len > r->extra_len - sizeof id || id.build_id_len > sizeof id.build_id)
		return;
	if (rp->nmods == rp->capmods) {
		size_t n = rp->capmods ? rp->capmods * 2 : 32;
		struct md_module *m = realloc(rp->mods, n * sizeof *m);
		if (!m)
			return;
		rp->mods = m;
		rp->capmods = n;
	}
	struct md_module *m = &rp->mods[rp->nmods];
	m->path = strndup((const char *)md_rec_extra(r) + sizeof id, id.path_len);
	if (!m->path)
		return;
	m->seq = r->seq;
	m->base = r->args[0];
	m->size = r->args[1];
	m->load_bias = id.load_bias;
	m->build_id_len = id.build_id_len;
	memcpy(m->build_id, id.build_id, sizeof m->build_id);
	rp->nmods++;
}

const struct md_module *md_replay_module(const struct md_replay *rp, uint64_t addr,
					 uint64_t seq)
{
	for (size_t i = rp->nmods; i-- > 0;) {
		const struct md_module *m = &rp->mods[i];
		if (m->seq <= seq && addr >= m->base && addr - m->base < m->size)
			return m;
	}
	return NULL;
}

static void apply_one(struct md_replay *rp, const struct md_rec *r, struct md_effect *eff)
{
	if (r->type == MD_EV_MODULE)
		md_replay_add_module(rp, r);
	if (r->type == MD_EV_SEED) {
		memset(eff, 0, sizeof *eff);
		note_seed(rp, r);
	}
	else if (md_apply(rp->t, r, eff) < 0)
		rp->bad_records++;
	rp->seq = r->seq;
	if (r->seq > rp->maxseq)
		rp->maxseq = r->seq;
}

void md_replay_apply(struct md_replay *rp, const struct md_rec *r, size_t next,
		     struct md_effect *eff)
{
	size_t at = next - r->size;
	rp->off = next;
	apply_one(rp, r, eff);
	if (rp->ib)
		md_index_note(rp->ib, rp, at, r, eff);
}

const struct md_rec *md_replay_step(struct md_replay *rp, struct md_effect *eff)
{
	size_t next = rp->off;
	const struct md_rec *r = md_trace_stream(&rp->tr, &next);
	if (r)
		md_replay_apply(rp, r, next, eff);
	return r;
}

void md_replay_index_begin(struct md_replay *rp)
{
	if (!rp->ib && !getenv("MDTRACE_NO_INDEX") && md_table_policy(rp->t) == MD_POLICY_CONTRACT)
		rp->ib = md_index_begin(rp);
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
	if (md_replay_open(&b, rp->path, rp->policy, err, sizeof err) < 0)
		return -1;
	md_replay_index_begin(&b);
	if (b.ib)
		run_to(&b, UINT64_MAX);
	int ok = b.ib && md_index_finish(b.ib, &b, rp->path, &rp->ix) == 0;
	b.ib = NULL;
	md_replay_close(&b);
	return ok ? 0 : -1;
}

const struct md_index *md_replay_index(struct md_replay *rp)
{
	if (rp->ix_state)
		return rp->ix_state > 0 ? &rp->ix : NULL;
	rp->ix_state = -1;
	if (getenv("MDTRACE_NO_INDEX") || rp->policy != MD_POLICY_CONTRACT)
		return NULL;
	char err[600];
	int got = md_index_load(&rp->ix, rp, rp->path, err, sizeof err);
	if (got < 0)
		fprintf(stderr, "mdtrace: warning: %s\n", err);
	if (got <= 0 && build_index(rp) < 0)
		return NULL;
	rp->ix_state = 1;
	return &rp->ix;
}

static int restart(struct md_replay *rp)
{
	struct md_replay n;
	char err[600];
	if (md_replay_open(&n, rp->path, rp->policy, err, sizeof err) < 0)
		return -1;
	n.ix = rp->ix;
	n.ix_state = rp->ix_state;
	memset(&rp->ix, 0, sizeof rp->ix);
	md_replay_close(rp);
	*rp = n;
	return 0;
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
	/* the newest checkpoint whose records all have seq <= seq */
	uint32_t lo = 0, hi = ix->h->nckpts;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (ix->ck[mid].maxseq <= seq)
			lo = mid;
		else
			hi = mid;
	}
	if (!behind && ix->ck[lo].off <= rp->off)
		return lo;
	if (md_index_restore(ix, lo, rp) < 0) {
		char name[4200];
		md_index_path(rp->path, name, sizeof name);
		fprintf(stderr, "mdtrace: warning: %s: damaged checkpoint %u; replaying from the start\n",
			name, lo);
		rp->ix_state = -2; /* kept until close: callers may still hold it */
		if (behind)
			restart(rp);
		return -1;
	}
	return lo;
}

const struct md_rec *md_replay_seek(struct md_replay *rp, uint64_t seq)
{
	md_replay_near(rp, seq);
	/* A record past `seq` is left for a later call. */
	size_t last = run_to(rp, seq);
	return last ? md_trace_at(&rp->tr, last) : NULL;
}

/* The parent's table just before its fork record, as the child got it. */
static struct md_table *from_parent(struct md_replay *rp, enum md_policy pol, int depth)
{
	const struct md_trace_header *h = rp->tr.h;
	char path[sizeof h->parent_trace + 1], err[400];
	memcpy(path, h->parent_trace, sizeof h->parent_trace);
	path[sizeof h->parent_trace] = 0;
	struct md_replay p;
	if (depth >= MAX_PARENTS) {
		snprintf(rp->warn, sizeof rp->warn, "too many parent traces");
		return NULL;
	}
	if (open_depth(&p, path, pol, err, sizeof err, depth + 1) < 0) {
		snprintf(rp->warn, sizeof rp->warn, "parent trace unavailable (%s): identities "
			 "at the fork are unknown; starting from the child's own maps", err);
		return NULL;
	}
	struct md_effect eff;
	size_t off = p.off;
	const struct md_rec *r;
	while ((r = md_trace_next(&p.tr, &off)) && r->seq < h->parent_seq) {
		p.off = off;
		apply_one(&p, r, &eff);
	}
	struct md_table *t = md_table_fork(p.t, 0);
	md_replay_close(&p);
	return t;
}

static int open_depth(struct md_replay *rp, const char *path, enum md_policy pol,
		      char *err, size_t errlen, int depth)
{
	memset(rp, 0, sizeof *rp);
	rp->policy = pol;
	rp->path = strdup(path);
	if (!rp->path || md_trace_open(&rp->tr, path) < 0) {
		snprintf(err, errlen, "%s", rp->path ? rp->tr.err : "out of memory");
		free(rp->path);
		return -1;
	}
	rp->tr.path = rp->path;
	const struct md_trace_header *h = rp->tr.h;
	if (h->parent_trace[0] && h->parent_seq)
		rp->t = from_parent(rp, pol, depth);
	rp->from_parent = rp->t != NULL;
	if (!rp->t)
		rp->t = md_table_new(h->page_size, pol);
	if (!rp->t) {
		snprintf(err, errlen, "%s: out of memory", path);
		md_trace_close(&rp->tr);
		free(rp->path);
		return -1;
	}
	if (h->stack_limit)
		md_table_set_stack_limit(rp->t, h->stack_limit);
	if (h->brk_start && !md_table_heap_start(rp->t))
		md_table_set_heap_start(rp->t, h->brk_start);
	return 0;
}

int md_replay_open(struct md_replay *rp, const char *path, enum md_policy pol,
		   char *err, size_t errlen)
{
	return open_depth(rp, path, pol, err, errlen, 0);
}

void md_replay_forget_modules(struct md_replay *rp)
{
	for (size_t i = 0; i < rp->nmods; i++)
		free(rp->mods[i].path);
	rp->nmods = 0;
}

void md_replay_close(struct md_replay *rp)
{
	md_replay_forget_modules(rp);
	free(rp->mods);
	rp->mods = NULL;
	rp->capmods = 0;
	md_index_abort(rp->ib);
	rp->ib = NULL;
	md_index_free(&rp->ix);
	rp->ix_state = 0;
	md_table_free(rp->t);
	rp->t = NULL;
	md_trace_close(&rp->tr);
	free(rp->path);
	rp->path = NULL;
}
