/* verdict.h - descriptors and the with_persistent verdict (mdtrace-verdicts(7)).
 *
 * Analysis code: it runs in the command (and in tests), never in a hook, so
 * descriptors use malloc.  The rules live only here. */
#ifndef MD_VERDICT_H
#define MD_VERDICT_H
#include "table.h"

enum { MD_OPT_PERSISTENT = 1 };           /* the seed's kIOMemoryPersistent */
enum md_dir { MD_DIR_INOUT = 0, MD_DIR_IN, MD_DIR_OUT };

struct md_range {
	uint64_t addr, len;
};

/* What one run of pages looked like at capture. obj == 0: unmapped then. */
struct md_seg {
	uint64_t start, end, obj, off, ev;
	uint8_t prot, kind;
	uint16_t flags;
};

struct md_desc {
	unsigned refs;
	unsigned options;     /* MD_OPT_* */
	enum md_dir dir;
	uint64_t at;          /* point of capture (event number) */
	size_t nranges;
	struct md_range *ranges;
	size_t nsegs;
	struct md_seg *segs;  /* ranges' pages in order, split where identity runs break */
};

/* Capture ranges from t at point `at`.  Ranges are rounded out to pages.
 * Returns NULL only when memory is exhausted or a range is empty/overflows. */
struct md_desc *md_desc_capture(const struct md_table *t, const struct md_range *r,
				size_t n, unsigned options, enum md_dir dir, uint64_t at);
struct md_desc *md_desc_retain(struct md_desc *d);
void md_desc_release(struct md_desc *d);

enum md_verdict_kind { MD_V_NULL = 0, MD_V_REUSED, MD_V_REBUILT };

enum md_reason {
	MD_R_SAME = 0,         /* reused: every page has its captured identity */
	MD_R_NOT_PERSISTENT,   /* rule 1 */
	MD_R_BAD_ORIGINAL,     /* original had unmapped pages at capture */
	MD_R_UNMAPPED,         /* rule 2 */
	MD_R_PROTECTION,       /* rule 3 */
	MD_R_IDENTITY,         /* rule 5 */
	MD_R_NO_MEMORY,        /* the seed's "other resource shortage" */
	MD_R_STACK_ASSUMED,    /* reused, but part of it is stack the kernel grows on demand */
	MD_R_ENTRIES,          /* xnu: the map entries are not the captured ones */
	MD_R_OFFSET,           /* xnu: an entry does not start at offset 0 of its object */
};

struct md_verdict {
	enum md_verdict_kind kind;
	enum md_reason reason;
	uint64_t start, end;      /* first sub-range that decided it (0,0: none) */
	uint64_t ev;              /* event that gave those pages their identity now */
	uint64_t old_obj, old_off, new_obj, new_off;
	uint8_t need, have;       /* MD_R_PROTECTION: access needed / present */
	uint64_t entry_end;       /* MD_R_ENTRIES: end of the entry at start now */
	uint32_t entries_now, entries_then; /* MD_R_ENTRIES, MD_R_OFFSET: entries the ranges cross */
	struct md_desc *desc;     /* reused: d retained; rebuilt: new; null: NULL */
};

/* with_persistent(d) judged against `now` at point `at` by the rules of
 * `policy` (contract and dma judge alike; xnu as XNU does). */
void md_with_persistent(const struct md_table *now, struct md_desc *d,
			enum md_policy policy, uint64_t at, struct md_verdict *v);
const char *md_verdict_name(enum md_verdict_kind k);
const char *md_reason_name(enum md_reason r);
/* One line of explanation (no newline); returns snprintf's count. */
int md_verdict_explain(const struct md_verdict *v, char *buf, size_t n);

#endif
