/* testutil.h - shared helpers for check_rules, check_identity and
 * check_seed: building tables page by page, capturing descriptors, and a
 * /proc/PID/maps parser that compares two maps texts page by page. */
#ifndef MD_TESTUTIL_H
#define MD_TESTUTIL_H
#include "table.h"
#include "verdict.h"
#include <check.h>
#include <stddef.h>
#include <stdint.h>

#define PG 4096ULL
/* A base address well away from 0 for table-only tests. */
#define BASE 0x10000000ULL
#define AT(i) (BASE + (uint64_t)(i) * PG)

/* Fails the test when the table's invariants are broken. */
#define TABLE_OK(t)                                                          \
	do {                                                                 \
		const char *why_ = md_table_check(t);                        \
		ck_assert_msg(why_ == NULL, "table invariant: %s", why_);   \
	} while (0)

/* Fails the test unless the update returned 0, then checks the table. */
#define UPD(t, call)                                                         \
	do {                                                                 \
		ck_assert_int_eq((call), 0);                                 \
		TABLE_OK(t);                                                 \
	} while (0)

struct md_table *tu_table(enum md_policy policy);
/* One mapping call of n pages at page index i (AT(i)). */
int tu_anon(struct md_table *t, unsigned i, unsigned n, unsigned kind, unsigned prot,
	    uint64_t ev);
int tu_file(struct md_table *t, unsigned i, unsigned n, unsigned kind, unsigned prot,
	    uint64_t dev, uint64_t ino, uint64_t off, uint64_t ev);
/* Object id and offset of the page at addr; obj 0 when unmapped. */
uint64_t tu_obj(const struct md_table *t, uint64_t addr);
uint64_t tu_off(const struct md_table *t, uint64_t addr);
/* Persistent single-range descriptor over pages [i, i+n). */
struct md_desc *tu_desc(const struct md_table *t, unsigned i, unsigned n, enum md_dir dir,
			uint64_t at);
/* Judge d against t (its own policy) and release the verdict's
 * descriptor unless keep is set. */
void tu_judge(const struct md_table *t, struct md_desc *d, uint64_t at,
	      struct md_verdict *v, int keep);

/* ---- /proc/PID/maps texts ---- */
struct maps_line {
	uint64_t start, end, off, ino;
	unsigned maj, min;
	char perms[5];
	char *path; /* "" for none, owned */
};
struct maps {
	size_t n;
	struct maps_line *v;
};
/* Parse a whole maps text; returns 0 or -1 (bad line; *m emptied). */
int maps_parse(const char *text, size_t len, struct maps *m);
void maps_free(struct maps *m);
/* The [stack] low end moves by itself: raise both [stack] starts to the
 * higher one when the two texts agree on its top. */
void maps_clip_stack(struct maps *a, struct maps *b);
/* Compare page by page (ranges, perms, per-page offset for inode-backed
 * lines, dev, inode, path); 0 when equal, else -1 with the first difference
 * written to why. */
int maps_compare(const struct maps *a, const struct maps *b, char *why, size_t n);
/* Read a whole /proc file into buf (size cap); returns length or -1. */
long read_proc(const char *path, char *buf, size_t cap);

#endif
