/* replay.h - rebuild the shadow table of a traced process by applying its
 * trace records in order.  A fork child's trace starts from its parent's
 * table at the fork (when the parent trace is still there). */
#ifndef MD_TRACE_REPLAY_H
#define MD_TRACE_REPLAY_H
#include "apply.h"
#include "checkpoint.h"
#include "reader.h"

/* A loaded object, from MD_EV_MODULE records (for symbolizing stacks). */
struct md_module {
	uint64_t seq;          /* the record that announced it */
	uint64_t base, size, load_bias;
	char *path;
	uint8_t build_id[32];
	uint32_t build_id_len;
};

struct md_replay {
	struct md_trace tr;
	struct md_table *t;
	size_t off;            /* next record */
	uint64_t seq;          /* last record applied (0: none yet) */
	int from_parent;       /* the table came from the parent trace */
	uint64_t bad_records;  /* records that could not be applied */
	char warn[512];        /* the first thing the reader should know */
	struct md_module *mods;
	size_t nmods, capmods;
	uint64_t maxseq;       /* highest seq applied (threads interleave) */
	char *path;
	enum md_policy policy;
	int ix_state;          /* 0 not looked for, 1 loaded, -1 none, -2 damaged */
	struct md_index ix;    /* checkpoints (checkpoint.h), when ix_state is 1 */
	struct md_index_build *ib; /* building the index while replaying */
};

/* 0, or -1 with err filled (one line, no newline). */
int md_replay_open(struct md_replay *rp, const char *path, enum md_policy pol,
		   char *err, size_t errlen);
/* Apply the next record and return it; NULL at the end of the trace.  The
 * record is read with md_trace_stream: md_trace_stable keeps it. */
const struct md_rec *md_replay_step(struct md_replay *rp, struct md_effect *eff);
/* Apply r, which md_trace_next returned reading from rp->off and moving
 * it to next (for callers that look at a record before applying it). */
void md_replay_apply(struct md_replay *rp, const struct md_rec *r, size_t next,
		     struct md_effect *eff);
void md_replay_close(struct md_replay *rp);
/* Replay to event seq: afterwards every record before the first one (in
 * file order) numbered above seq is applied, and none after.  Starts from
 * the nearest checkpoint of the trace index when that is ahead, building
 * the index first (one full replay) when the trace has none.  Returns the
 * last record applied, or NULL when none was applied by this call. */
const struct md_rec *md_replay_seek(struct md_replay *rp, uint64_t seq);
/* Only the first half of md_replay_seek: restore the newest checkpoint
 * whose records all come at or before seq, if it is ahead of rp (or rp is
 * past seq).  Returns the checkpoint, or -1 without an index (rp is then
 * unchanged unless it was past seq, when it starts over from the trace's
 * start). */
long md_replay_near(struct md_replay *rp, uint64_t seq);
/* The trace index (loaded or built now), or NULL when there is none
 * (MDTRACE_NO_INDEX set, another policy than contract, out of memory).  A
 * damaged index file gets one warning on stderr and is rebuilt. */
const struct md_index *md_replay_index(struct md_replay *rp);
/* Build the index while this replay runs from its start (mdtrace run). */
void md_replay_index_begin(struct md_replay *rp);
/* For the index: modules announced by records. */
void md_replay_add_module(struct md_replay *rp, const struct md_rec *r);
void md_replay_forget_modules(struct md_replay *rp);

/* The newest module announced at or before event seq that holds addr. */
const struct md_module *md_replay_module(const struct md_replay *rp, uint64_t addr,
					 uint64_t seq);

#endif
