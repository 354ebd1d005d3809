/* replay.h - rebuild the shadow table of a traced process by applying its
 * trace records in order.  A fork child's trace starts from its parent's
 * table at the fork (when the parent trace is still there).
 *
 * The interface the commands use: struct md_replay is opaque (its fields
 * are in replay_internal.h, for lib/trace only). */
#ifndef MD_TRACE_REPLAY_H
#define MD_TRACE_REPLAY_H
#include <stddef.h>
#include <stdint.h>
#include "apply.h"
#include "format.h"
#include "reader.h" /* the records: md_rec_frames, md_rec_extra, md_ev_name */

struct md_replay;
struct md_index;

/* A loaded object, from MD_EV_MODULE records (for symbolizing stacks). */
struct md_module {
	uint64_t seq;          /* the record that announced it */
	uint64_t base, size, load_bias;
	char *path;
	uint8_t build_id[32];
	uint32_t build_id_len;
};

/* Whether the trace index (checkpoint.h) is in use. */
enum md_index_state {
	MD_INDEX_UNKNOWN = 0,  /* not looked for yet */
	MD_INDEX_LOADED,       /* loaded or built: md_replay_index returns it */
	MD_INDEX_NONE,         /* none: turned off, another policy, or could not be built */
	MD_INDEX_DAMAGED,      /* a checkpoint would not restore: unused until close */
};

/* What the caller decides for a replay, beyond the trace and the policy. */
struct md_replay_opts {
	int no_index;          /* never load, build or write the trace index */
	uint64_t index_every;  /* records between checkpoints; 0: by the table's size */
	/* One line to show the user (no newline), such as "warning: ...";
	 * NULL: say nothing. */
	void (*warn)(void *ctx, const char *msg);
	void *ctx;
};

/* The replay, or NULL with err filled (one line, no newline).  opts may be
 * NULL (the defaults: an index, no warnings). */
struct md_replay *md_replay_open(const char *path, enum md_policy pol,
				 const struct md_replay_opts *opts, char *err, size_t errlen);
/* Another replay of rp's trace from its start, with rp's policy and
 * options (NULL with err filled). */
struct md_replay *md_replay_twin(const struct md_replay *rp, char *err, size_t errlen);
void md_replay_close(struct md_replay *rp);
/* What the reader should know about the open ("" if nothing): a fork
 * child's table that could not start from its parent's. */
const char *md_replay_open_warning(const struct md_replay *rp);

/* Apply the next record and return it; NULL at the end of the trace.  The
 * record is valid until the next call on rp. */
const struct md_rec *md_replay_step(struct md_replay *rp, struct md_effect *eff);
/* md_replay_step when the next record is numbered at most seq, else NULL
 * (that record is left unapplied).  The record returned lasts until close. */
const struct md_rec *md_replay_step_to(struct md_replay *rp, uint64_t seq,
				       struct md_effect *eff);
/* The next record, not applied; valid until the next call on rp. */
const struct md_rec *md_replay_peek(struct md_replay *rp);
/* Walk the trace's records without applying them: off starts at 0; valid
 * until the next call on rp.  NULL at the end. */
const struct md_rec *md_replay_walk(struct md_replay *rp, size_t *off);
/* The trace's first record (lasting), or NULL when it has none. */
const struct md_rec *md_replay_first(struct md_replay *rp);
/* A lasting record of `from`, a replay of the same trace, as one of rp. */
const struct md_rec *md_replay_same_record(const struct md_replay *rp,
					   const struct md_replay *from, const struct md_rec *r);

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
/* Restore checkpoint k of ix (the index of rp's trace) into rp; 0, or -1
 * when it is damaged (rp is then unchanged). */
int md_replay_restore(struct md_replay *rp, const struct md_index *ix, uint32_t k);

/* The current state. */
struct md_table *md_replay_table(const struct md_replay *rp);
uint64_t md_replay_seq(const struct md_replay *rp);      /* last record applied (0: none) */
size_t md_replay_offset(const struct md_replay *rp);     /* file offset of the next record */
uint64_t md_replay_records(const struct md_replay *rp);  /* committed records read */
uint64_t md_replay_skipped(const struct md_replay *rp);  /* unfinished records stepped over */
uint64_t md_replay_bad_records(const struct md_replay *rp); /* records not applied */
/* Records replayed so far whose result contradicted the table (apply.h,
 * MD_UNSEEN_*): how many; the first one's event number and effect. */
uint64_t md_replay_unseen(const struct md_replay *rp, uint64_t *seq, struct md_effect *eff);
/* Why the trace ended early (damaged data), or NULL when it has not. */
const char *md_replay_damage(const struct md_replay *rp);
const char *md_replay_path(const struct md_replay *rp);
const struct md_trace_header *md_replay_header(const struct md_replay *rp);
uint64_t md_replay_trace_ino(const struct md_replay *rp); /* the trace file's inode */
/* A record's time, and a timed record's time in its hook, in ns (clock.h). */
uint64_t md_replay_time_ns(const struct md_replay *rp, const struct md_rec *r);
uint64_t md_replay_hook_ns(const struct md_replay *rp, const struct md_rec *r);
/* The newest module announced at or before event seq that holds addr. */
const struct md_module *md_replay_module(const struct md_replay *rp, uint64_t addr,
					 uint64_t seq);

/* The trace index (loaded or built now), or NULL when there is none
 * (opts.no_index, another policy than contract, out of memory).  A damaged
 * index file gets one warning and is rebuilt. */
const struct md_index *md_replay_index(struct md_replay *rp);
enum md_index_state md_replay_index_state(const struct md_replay *rp);
/* A checkpoint of rp's index would not restore: warn, unless that was
 * already said, and replay without the index until close (callers may
 * still hold it). */
void md_replay_index_damaged(struct md_replay *rp);
/* Build the index while this replay runs from its start (mdtrace run), and
 * write it beside the trace when the replay has reached the end. */
void md_replay_index_begin(struct md_replay *rp);
void md_replay_index_end(struct md_replay *rp);

/* The index's checkpoints, 0 to md_index_count - 1. */
uint32_t md_index_count(const struct md_index *ix);
uint64_t md_index_offset(const struct md_index *ix, uint32_t k); /* its next record */
uint64_t md_index_maxseq(const struct md_index *ix, uint32_t k); /* highest seq applied */
/* Does interval k (checkpoint k to k+1) touch [s, e)? */
int md_index_touches(const struct md_index *ix, uint32_t k, uint64_t s, uint64_t e);

#endif
