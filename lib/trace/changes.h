/* changes.h - what a successful call did to the pages it names, from its
 * record alone, before any table has seen it: libmdtrace's events
 * (mdtrace(3), EVENTS) are delivered inside the hook, as the call returns.
 * tests/check_changes.c holds these to the table's own updates. */
#ifndef MD_TRACE_CHANGES_H
#define MD_TRACE_CHANGES_H
#include "format.h"
#include "table.h"

enum { MD_CH_UNMAPPED = 1, MD_CH_IDENTITY = 2, MD_CH_ACCESS = 4 };

struct md_change {
	uint64_t s, e;  /* pages, aligned */
	unsigned kind;  /* one MD_CH_* */
	unsigned prot;  /* MD_CH_ACCESS: the new access */
};
#define MD_CHANGES_MAX 2

/* Fills c for r under policy pol; returns how many, 0 for a call that
 * changes no page's identity, access or presence (a failed one, an advice
 * that keeps the pages), or -1 when the record alone cannot say (shmdt:
 * the segment's size is the table's). */
int md_rec_changes(const struct md_rec *r, enum md_policy pol, unsigned page,
		   struct md_change c[MD_CHANGES_MAX]);

#endif
