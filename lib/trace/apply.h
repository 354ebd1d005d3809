/* apply.h - what one trace record does to the shadow table.  The one place
 * that turns recorded calls into table updates. */
#ifndef MD_TRACE_APPLY_H
#define MD_TRACE_APPLY_H
#include "format.h"
#include "table.h"

/* The address ranges a record changed (for explanations and hazards). */
struct md_effect {
	int n;                 /* ranges used */
	uint64_t s[2], e[2];
	int remapped;          /* pages got a backing object (map, move, grow, attach) */
	int overflow;          /* more ranges changed than listed (reconcile) */
	int unseen;            /* MD_UNSEEN_*: the kernel's answer contradicts the table */
	uint64_t us, ue;       /* the first range it contradicts */
};

/* A successful call that the kernel could not have answered so with the
 * table as it was: the address space changed before it where no record
 * says (mdtrace(1), UNSEEN CHANGES). */
enum {
	MD_UNSEEN_UNMAPPED = 1, /* a mapping not placed by address landed on pages the
				 * table had mapped: they had been given back */
	MD_UNSEEN_MAPPED,       /* mprotect, madvise or mremap succeeded on pages the
				 * table had free: they had been mapped */
};

/* Apply r to t.  Failed calls change nothing.  Returns 0, or -1 when the
 * table ran out of memory or the record is malformed. */
int md_apply(struct md_table *t, const struct md_rec *r, struct md_effect *eff);
/* A SEED record (/proc/PID/maps at start): the starting table when
 * `fresh`, else (a fork child's table, which came from its parent) only a
 * correction of it.  0, or -1 when malformed or out of memory. */
int md_apply_seed(struct md_table *t, const struct md_rec *r, int fresh);
/* The address range a record's payload calls for a mapping of an fd. */
int md_effect_hits(const struct md_effect *eff, uint64_t s, uint64_t e);

#endif
