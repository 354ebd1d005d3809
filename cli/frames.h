/* frames.h - `verify --pid`'s frame check: the table's identities against
 * the physical frames /proc/PID/pagemap shows for present pages. */
#ifndef MD_CLI_FRAMES_H
#define MD_CLI_FRAMES_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include "table.h"

/* Two ranges of equal length where the table and the frames disagree:
 * same = 1, the table says the same memory (object, offset) and the frames
 * differ; same = 0, the table says different memory and the frames are one. */
struct md_frame_diff {
	uint64_t a, b, len;
	uint64_t obj_a, off_a, obj_b, off_b;
	int same;
};

struct md_frames {
	int readable;          /* 0: frame numbers hidden (no CAP_SYS_ADMIN) */
	size_t present;        /* present pages compared */
	size_t shared;         /* of them, the same memory as a page elsewhere */
	struct md_frame_diff *diffs;
	size_t ndiffs;
};

/* Read the frames of every present page of t's pieces (not mdtrace's own,
 * not [vdso] and the like, not PROT_NONE) and compare.  0, or -1 when pagemap cannot be
 * read at all (f->readable is then 0). */
int md_frames_check(pid_t pid, const struct md_table *t, struct md_frames *f);
/* Print up to `max` differing range pairs the way verify prints maps
 * differences. */
void md_frames_print(FILE *out, const struct md_frames *f, size_t max);
void md_frames_free(struct md_frames *f);

#endif
