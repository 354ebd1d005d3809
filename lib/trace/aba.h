/* aba.h - count "ABA" reuses while replaying: address ranges that held one
 * backing object, lost it, and are mapped again with a different one (what
 * makes a cached descriptor or registration stale). */
#ifndef MD_TRACE_ABA_H
#define MD_TRACE_ABA_H
#include "apply.h"

struct md_aba {
	struct md_table *ghost; /* the last identity every page ever had */
	uint64_t count;         /* records that mapped over older memory */
};

int md_aba_init(struct md_aba *a, const struct md_table *like);
/* Call after applying each record with its effect. */
void md_aba_note(struct md_aba *a, const struct md_table *now, const struct md_effect *eff);
void md_aba_free(struct md_aba *a);

#endif
