/* replay.h - rebuild the shadow table of a traced process by applying its
 * trace records in order.  A fork child's trace starts from its parent's
 * table at the fork (when the parent trace is still there). */
#ifndef MD_TRACE_REPLAY_H
#define MD_TRACE_REPLAY_H
#include "apply.h"
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
};

/* 0, or -1 with err filled (one line, no newline). */
int md_replay_open(struct md_replay *rp, const char *path, enum md_policy pol,
		   char *err, size_t errlen);
/* Apply the next record and return it; NULL at the end of the trace. */
const struct md_rec *md_replay_step(struct md_replay *rp, struct md_effect *eff);
void md_replay_close(struct md_replay *rp);
/* The newest module announced at or before event seq that holds addr. */
const struct md_module *md_replay_module(const struct md_replay *rp, uint64_t addr,
					 uint64_t seq);

#endif
