/* replay.c - trace to table (see replay.h): open, step, modules. */
#define _GNU_SOURCE
#include "replay_internal.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PARENTS 32 /* a hostile chain of parent traces ends here */

static int open_depth(struct md_replay *rp, const char *path, enum md_policy pol,
		      const struct md_replay_opts *opts, char *err, size_t errlen, int depth);

void md_replay_warn(const struct md_replay *rp, const char *fmt, ...)
{
	char msg[8192];
	va_list ap;
	if (!rp->opts.warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	rp->opts.warn(rp->opts.ctx, msg);
}

static void note_seed(struct md_replay *rp, const struct md_rec *r)
{
	int bad = md_apply_seed(rp->t, r, !rp->from_parent && !md_table_count(rp->t)) < 0;
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
	if (eff->unseen && !rp->unseen++) {
		rp->unseen_first = *eff;
		rp->unseen_seq = r->seq;
	}
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

const struct md_rec *md_replay_step_to(struct md_replay *rp, uint64_t seq,
				       struct md_effect *eff)
{
	size_t next = rp->off;
	const struct md_rec *r = md_trace_next(&rp->tr, &next);
	if (!r || r->seq > seq)
		return NULL;
	md_replay_apply(rp, r, next, eff);
	return r;
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
	/* The header is its owner's to write: a path in another user's trace
	 * could name any file, for whoever reads it (root too). */
	if (rp->tr.uid != geteuid())
		snprintf(err, sizeof err, "not followed: the trace belongs to uid %u", rp->tr.uid);
	if (rp->tr.uid != geteuid() || open_depth(&p, path, pol, &rp->opts, err, sizeof err, depth + 1) < 0) {
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
	/* An image started by exec has a new address space: it links to the
	 * trace before it (its EXEC record) but starts from its own seed. */
	if (r && r->seq == h->parent_seq && r->type == MD_EV_EXEC) {
		md_replay_fini(&p);
		return NULL;
	}
	struct md_table *t = md_table_fork(p.t, 0);
	md_replay_fini(&p);
	return t;
}

static int open_depth(struct md_replay *rp, const char *path, enum md_policy pol,
		      const struct md_replay_opts *opts, char *err, size_t errlen, int depth)
{
	memset(rp, 0, sizeof *rp);
	rp->policy = pol;
	if (opts)
		rp->opts = *opts;
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

int md_replay_init(struct md_replay *rp, const char *path, enum md_policy pol,
		   const struct md_replay_opts *opts, char *err, size_t errlen)
{
	return open_depth(rp, path, pol, opts, err, errlen, 0);
}

struct md_replay *md_replay_open(const char *path, enum md_policy pol,
				 const struct md_replay_opts *opts, char *err, size_t errlen)
{
	struct md_replay *rp = malloc(sizeof *rp);
	if (!rp)
		snprintf(err, errlen, "%s: out of memory", path);
	else if (md_replay_init(rp, path, pol, opts, err, errlen) < 0) {
		free(rp);
		rp = NULL;
	}
	return rp;
}

struct md_replay *md_replay_twin(const struct md_replay *rp, char *err, size_t errlen)
{
	return md_replay_open(rp->path, rp->policy, &rp->opts, err, errlen);
}

void md_replay_forget_modules(struct md_replay *rp)
{
	for (size_t i = 0; i < rp->nmods; i++)
		free(rp->mods[i].path);
	rp->nmods = 0;
}

void md_replay_fini(struct md_replay *rp)
{
	md_replay_forget_modules(rp);
	free(rp->mods);
	rp->mods = NULL;
	rp->capmods = 0;
	md_index_abort(rp->ib);
	rp->ib = NULL;
	md_index_free(&rp->ix);
	rp->ix_state = MD_INDEX_UNKNOWN;
	md_table_free(rp->t);
	rp->t = NULL;
	md_trace_close(&rp->tr);
	free(rp->path);
	rp->path = NULL;
}

void md_replay_close(struct md_replay *rp)
{
	if (!rp)
		return;
	md_replay_fini(rp);
	free(rp);
}
