/* replay_internal.h - struct md_replay (replay.h), for lib/trace only:
 * the commands go through replay.h's verbs and accessors. */
#ifndef MD_TRACE_REPLAY_INTERNAL_H
#define MD_TRACE_REPLAY_INTERNAL_H
#include "checkpoint.h"
#include "reader.h"
#include "replay.h"
#include "apply.h"

struct md_replay {
	struct md_trace tr;
	struct md_table *t;
	size_t off;            /* next record */
	uint64_t seq;          /* last record applied (0: none yet) */
	int from_parent;       /* the table came from the parent trace */
	uint64_t bad_records;  /* records that could not be applied */
	uint64_t unseen;       /* records whose result contradicted the table (apply.h) */
	struct md_effect unseen_first; /* the first one's effect ... */
	uint64_t unseen_seq;   /* ... and event number */
	char warn[512];        /* the first thing the reader should know */
	struct md_module *mods;
	size_t nmods, capmods;
	uint64_t maxseq;       /* highest seq applied (threads interleave) */
	char *path;
	enum md_policy policy;
	struct md_replay_opts opts;
	enum md_index_state ix_state;
	struct md_index ix;    /* checkpoints (checkpoint.h), when MD_INDEX_LOADED */
	struct md_index_build *ib; /* building the index while replaying */
};

/* md_replay_open and md_replay_close on a struct the caller holds. */
int md_replay_init(struct md_replay *rp, const char *path, enum md_policy pol,
		   const struct md_replay_opts *opts, char *err, size_t errlen);
void md_replay_fini(struct md_replay *rp);
/* Apply r, which md_trace_next or md_trace_stream returned reading from
 * rp->off and moving it to next. */
void md_replay_apply(struct md_replay *rp, const struct md_rec *r, size_t next,
		     struct md_effect *eff);
/* Say msg (printf-style) through opts.warn. */
void md_replay_warn(const struct md_replay *rp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* For the index: modules announced by records. */
void md_replay_add_module(struct md_replay *rp, const struct md_rec *r);
void md_replay_forget_modules(struct md_replay *rp);

#endif
