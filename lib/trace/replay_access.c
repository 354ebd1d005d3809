/* replay_access.c - what a replay shows of itself (see replay.h). */
#include "clock.h"
#include "replay_internal.h"

const char *md_replay_open_warning(const struct md_replay *rp)
{
	return rp->warn;
}

const struct md_rec *md_replay_peek(struct md_replay *rp)
{
	size_t off = rp->off;
	return md_trace_stream(&rp->tr, &off);
}

const struct md_rec *md_replay_walk(struct md_replay *rp, size_t *off)
{
	return md_trace_stream(&rp->tr, off);
}

const struct md_rec *md_replay_first(struct md_replay *rp)
{
	return md_trace_at(&rp->tr, rp->tr.h->header_size);
}

/* Both map the same file: the same offset in either mapping. */
const struct md_rec *md_replay_same_record(const struct md_replay *rp,
					   const struct md_replay *from, const struct md_rec *r)
{
	return (const struct md_rec *)(rp->tr.base + ((const uint8_t *)r - from->tr.base));
}

struct md_table *md_replay_table(const struct md_replay *rp)
{
	return rp->t;
}

uint64_t md_replay_seq(const struct md_replay *rp)
{
	return rp->seq;
}

size_t md_replay_offset(const struct md_replay *rp)
{
	return rp->off;
}

uint64_t md_replay_records(const struct md_replay *rp)
{
	return rp->tr.records;
}

uint64_t md_replay_skipped(const struct md_replay *rp)
{
	return rp->tr.skipped;
}

uint64_t md_replay_unseen(const struct md_replay *rp, uint64_t *seq, struct md_effect *eff)
{
	if (seq)
		*seq = rp->unseen_seq;
	if (eff)
		*eff = rp->unseen_first;
	return rp->unseen;
}

uint64_t md_replay_bad_records(const struct md_replay *rp)
{
	return rp->bad_records;
}

const char *md_replay_damage(const struct md_replay *rp)
{
	return rp->tr.truncated ? rp->tr.err : NULL;
}

const char *md_replay_path(const struct md_replay *rp)
{
	return rp->path;
}

const struct md_trace_header *md_replay_header(const struct md_replay *rp)
{
	return rp->tr.h;
}

uint64_t md_replay_trace_ino(const struct md_replay *rp)
{
	return rp->tr.ino;
}

uint64_t md_replay_time_ns(const struct md_replay *rp, const struct md_rec *r)
{
	return md_rec_time_ns(&rp->tr, r);
}

uint64_t md_replay_hook_ns(const struct md_replay *rp, const struct md_rec *r)
{
	return md_rec_hook_ns(&rp->tr, r);
}
