/* checkpoint.h - the trace index TRACE.idx (mdtrace-trace(5), TRACE INDEX):
 * the replayed table every so many records, so that replaying to a point
 * starts from the nearest checkpoint at or before it.  Command side, for
 * lib/trace (and the tests that forge indexes): the commands read an index
 * through replay.h's md_index_* accessors. */
#ifndef MD_TRACE_CHECKPOINT_H
#define MD_TRACE_CHECKPOINT_H
#include <stddef.h>
#include <stdint.h>
#include "replay.h"

#define MD_INDEX_MAGIC "MDTIDX\r\n"
#define MD_INDEX_VERSION 1
#define MD_INDEX_RANGES 16 /* touched ranges kept per interval */

enum { MD_CK_ALL = 1 }; /* the interval touched everything (seed, reconcile) */

/* One checkpoint: the replay's state after applying the records before
 * file offset `off`, and what the records up to the next checkpoint touch. */
struct md_ckpt {
	uint64_t seq;         /* last record applied (0: none) */
	uint64_t maxseq;      /* highest seq applied (threads interleave) */
	uint64_t off;         /* next record */
	uint64_t records, skipped, high, bad_records; /* reader and replay counters */
	uint64_t last_obj, heap_start;
	uint64_t table_off;   /* in the index: nfiles files, then npieces pieces */
	uint64_t ranges_off;  /* in the index: nranges (start, end) pairs */
	uint32_t nfiles, npieces, nmods, nranges, flags, pad;
};

/* A file in a checkpoint; path_len bytes follow, padded to 8. */
struct md_ckpt_file {
	uint64_t dev, ino, obj, size;
	uint32_t path_len;
	uint8_t key, pad[3];
};

struct md_index_head {
	char magic[8];
	uint32_t version, head_size;
	uint32_t policy, page_size;
	uint64_t index_size;  /* this file's size */
	uint64_t body_hash;   /* of every byte after the head */
	uint64_t trace_size;  /* the trace it was made from: size, */
	uint64_t trace_head_hash; /* hash of its header */
	uint64_t trace_tail_hash; /* and of its last 64 KiB */
	uint32_t nckpts, nmods;   /* then nckpts struct md_ckpt, nmods module record offsets */
};

struct md_index {
	uint8_t *base;        /* the whole index file */
	size_t size;
	const struct md_index_head *h;
	const struct md_ckpt *ck;
	const uint64_t *mods;  /* reader offsets that lead to module records */
};

struct md_index_build;

/* The index of trace DIR/BASE is DIR/.BASE.idx: hidden, so that globs of
 * the trace and its children (BASE*) do not take it for a trace.  0, or -1
 * when the name does not fit. */
int md_index_path(const char *trace, char *buf, size_t n);
/* The index's checksum: body_hash is md_index_hash(body, size, 3). */
uint64_t md_index_hash(const void *p, size_t n, uint64_t seed);

/* Load the index of rp's trace (at path): 1 loaded, 0 absent or stale (not an
 * error), -1 damaged (why in err).  */
int md_index_load(struct md_index *ix, const struct md_replay *rp, const char *path,
		  char *err, size_t errlen);
void md_index_free(struct md_index *ix);
/* Restore checkpoint k into rp (a fresh table); 0 or -1 when damaged. */
int md_index_restore(const struct md_index *ix, uint32_t k, struct md_replay *rp);

/* Building while a replay runs from the start: begin right after open,
 * note each applied record, finish at the end (writes path.idx when the
 * directory is writable; fills ix when not NULL).  every: records between
 * checkpoints, 0 for as many as the table's size calls for. */
struct md_index_build *md_index_begin(const struct md_replay *rp, uint64_t every);
void md_index_note(struct md_index_build *b, const struct md_replay *rp, uint64_t at,
		   const struct md_rec *r, const struct md_effect *eff);
int md_index_finish(struct md_index_build *b, struct md_replay *rp, const char *path,
		    struct md_index *ix);
void md_index_abort(struct md_index_build *b);

#endif
