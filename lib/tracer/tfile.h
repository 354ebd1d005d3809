/* tfile.h - a trace file written from outside the process it describes,
 * by one thread (the supervisor), through a shared mapping of the file
 * (no system call per record), grown with ftruncate.  No ring
 * (ring_size 0): nothing here runs inside the traced program. */
#ifndef MD_TFILE_H
#define MD_TFILE_H
#include <stdint.h>
#include "emit.h"
#include "writer_name.h"

struct md_tfile {
	int fd;
	struct md_trace_header *h; /* the mapping; the header is its first page */
	uint64_t map_len;          /* the reservation mapped */
	uint64_t cap;              /* the file's size */
	char path[MD_PATH_MAX];
};

/* Creates the trace of this role for pid under root (writer_name.c's
 * rule) with its format fields filled in; the caller fills the rest of the
 * header.  0 or -errno. */
int md_tfile_create(struct md_tfile *f, enum md_trace_role role, const char *root, long pid);
/* Appends one record by thread tid; returns its event number, 0 when it
 * could not be written (counted in the header's `dropped`). */
uint64_t md_tfile_emit(struct md_tfile *f, const struct md_emit *e, const uint64_t *frames,
		       unsigned nframes, int tid);
/* The last record is written: flag the header and close. */
void md_tfile_close(struct md_tfile *f, uint32_t flags);

#endif
