/* kmaps.h - the kernel's view of this process, for tests that use it as the
 * oracle: /proc/self/maps parsed without malloc (the brk tests must not move
 * the break themselves), a page-by-page comparison with a range table, and
 * /proc/self/pagemap frame numbers. */
#ifndef MD_TEST_KMAPS_H
#define MD_TEST_KMAPS_H
#include "table.h"
#include <stddef.h>
#include <stdint.h>

#define KM_MAX_LINES 8192

struct km_line {
	uint64_t start, end, off, dev, ino;
	uint8_t prot, shared;
	const char *text; /* the raw line inside km_maps.text */
	int textlen;
};

struct km_maps {
	size_t n, len;
	char *text;
	struct km_line v[KM_MAX_LINES];
};

/* Read /proc/self/maps now into m (m->text points into a static buffer
 * that the next km_read overwrites).  Returns 0 or -1. */
int km_read(struct km_maps *m);
/* The line containing addr, or NULL. */
const struct km_line *km_find(const struct km_maps *m, uint64_t addr);

struct km_range {
	uint64_t s, e;
};

/* Compare t with m over the ranges, page by page: mapped or not, rwx, s/p,
 * file-backed or not, offset, dev and inode.  Across all the ranges, each
 * shared object of the table must pair with exactly one kernel inode and
 * back.  Returns 0, or 1 with the first differing page and both lines in
 * msg. */
int km_compare(const struct km_maps *m, const struct md_table *t,
	       const struct km_range *r, size_t nr, char *msg, size_t n);

/* What both sides say about one page. */
struct km_page {
	uint64_t addr;
	int tmapped, kmapped;
	uint64_t obj, off;          /* table */
	uint8_t kind;
	uint64_t kdev, kino, koff;  /* kernel, koff for this page */
	int kshared;
	int present;                /* pagemap: page present */
	uint64_t pfn;               /* 0 when hidden or not present */
};
void km_page(const struct km_maps *m, const struct md_table *t, uint64_t addr,
	     struct km_page *out);
/* Does pagemap show frame numbers here?  Touches a private page to find out. */
int km_pfn_visible(void);

#endif
