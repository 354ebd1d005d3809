/* aba.h - find hazards while replaying: the one detector behind `mdtrace
 * hazards`, `mdtrace stats` and the summary of `mdtrace run`.
 *
 * An ABA hazard is an address range that held one backing object, was
 * given back (munmap, shmdt, brk shrink, mremap away, or replaced in place
 * by MAP_FIXED / mremap onto it / shmat SHM_REMAP) and is mapped again with
 * a different object: what makes a cached descriptor or registration stale.
 * An access hazard is a range whose read or write access was taken away
 * while its memory stayed the same.
 *
 * A "ghost" table remembers, for every page ever mapped, the last identity
 * it had, whether it is still mapped, and the record that mapped or gave it
 * back. */
#ifndef MD_TRACE_ABA_H
#define MD_TRACE_ABA_H
#include "replay.h"
#include "verdict.h"

enum md_hz_kind { MD_HZ_ABA = 1, MD_HZ_ACCESS };

/* One occurrence: a contiguous range changed by one record. */
struct md_hazard {
	enum md_hz_kind kind;
	uint64_t start, end;
	/* ABA: the give-back and the take-again (the same record when live
	 * pages were replaced in place).  ACCESS: the record that mapped the
	 * pages (NULL when they predate the trace's records) and the one
	 * that took the access away. */
	const struct md_rec *gone, *taken;
	/* ABA: the pages were given back by no recorded call (gone is NULL):
	 * `taken` placed a mapping on pages the table had mapped (apply.h,
	 * MD_UNSEEN_UNMAPPED). */
	int unseen;
	/* What a descriptor captured just before `gone` (ABA) or `taken`
	 * (ACCESS) gets right after `taken`; only with md_aba.verdicts. */
	enum md_verdict_kind verdict;
	enum md_reason reason;
};

typedef void md_hazard_fn(void *arg, const struct md_hazard *h);

struct md_aba {
	struct md_table *ghost;
	const struct md_trace *tr;
	uint64_t count;         /* ABA occurrences */
	uint64_t access;        /* access occurrences */
	uint64_t mapped;        /* bytes mapped after the last record */
	uint64_t tool;          /* of which mdtrace's own (MD_PF_TOOL) */
	int verdicts;           /* compute md_hazard.verdict (costs a capture each) */
	md_hazard_fn *fn;       /* called for each occurrence, may be NULL */
	void *arg;
	struct md_hazard *pend; /* occurrences of the record being noted */
	size_t npend, cappend;
	int failed;             /* out of memory: counts are a lower bound */
};

/* Start from the replay's current table (a fork child's inherited pages). */
int md_aba_init(struct md_aba *a, const struct md_replay *rp);
/* Call after md_replay_step applied r with effect eff. */
void md_aba_note(struct md_aba *a, const struct md_table *now, const struct md_rec *r,
		 const struct md_effect *eff);
void md_aba_free(struct md_aba *a);

#endif
