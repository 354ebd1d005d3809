/* hazard.h - hazards (aba.h) grouped by the pair of call stacks that made
 * them, for `mdtrace hazards`. */
#ifndef MD_TRACE_HAZARD_H
#define MD_TRACE_HAZARD_H
#include "aba.h"

struct md_hz_group {
	struct md_hazard first;   /* the first occurrence */
	uint64_t count, bytes;    /* occurrences, bytes over all of them */
	uint64_t verdicts[3];     /* occurrences per enum md_verdict_kind */
	uint64_t hash;
};

struct md_hz_report {
	struct md_hz_group *g;
	size_t n, cap;
	uint32_t *slots;          /* open addressing: group index + 1, 0 empty */
	size_t nslots;
	int failed;               /* out of memory: some occurrences lost */
};

/* An md_hazard_fn: count h in its group (arg is the report). */
void md_hz_add(void *report, const struct md_hazard *h);
/* Most frequent first; ties in order of first occurrence. */
void md_hz_sort(struct md_hz_report *rep);
void md_hz_free(struct md_hz_report *rep);

#endif
