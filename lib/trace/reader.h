/* reader.h - read a trace file (format.h) safely: every size is checked
 * against the file, so a truncated, corrupt or hostile file gives an error
 * or a clean end, never a crash.  Analysis code (command side). */
#ifndef MD_TRACE_READER_H
#define MD_TRACE_READER_H
#include <stddef.h>
#include <stdint.h>
#include "events.h"
#include "format.h"

struct md_trace {
	const char *path;
	const uint8_t *base;   /* the whole file, mapped read-only */
	size_t size;
	const struct md_trace_header *h;
	uint64_t records;      /* committed records seen so far */
	uint64_t skipped;      /* uncommitted records stepped over */
	size_t high;           /* end of the furthest record counted */
	uint64_t dev, ino;     /* the file itself (its mapping is mdtrace's) */
	uint32_t uid;          /* its owner: whose paths its header holds */
	int truncated;         /* stopped early at damaged data */
	int ended;             /* an END record was read: the process was exiting */
	int fd;                /* kept open for md_trace_stream's reads */
	uint8_t *win;          /* md_trace_stream's copy of [win_off, win_off + win_len) */
	size_t win_off, win_len;
	char err[512];         /* why open failed, or why the walk stopped early */
};

/* Map and check the header.  0, or -1 with t->err set. */
int md_trace_open(struct md_trace *t, const char *path);
void md_trace_close(struct md_trace *t);

/* Iterate: size_t off = 0; while ((r = md_trace_next(t, &off))) ...
 * Returns committed records in file order (by body offset); NULL at the end
 * (t->truncated and t->err say whether the end was clean).  A record not
 * yet copied to the body is returned where it is, in the file's ring: in a
 * trace still being written, that copy stays valid only until the writer
 * has moved the ring a full lap on (ring_size bytes of newer records). */
const struct md_rec *md_trace_next(struct md_trace *t, size_t *off);

/* md_trace_next for one pass through the whole trace: the same records,
 * checks and errors, but records in the final part of the body come from a
 * buffer filled by pread, so the record is valid only until the next call
 * (or md_trace_close).  Reading a big file through read() is several times
 * faster than through its mapping on hypervisors that fault on each fresh
 * page a process touches.  md_trace_at gives a lasting pointer. */
const struct md_rec *md_trace_stream(struct md_trace *t, size_t *off);
/* A record md_trace_stream returned, as a lasting pointer into the mapping
 * (records it returned from the mapping come back as they are). */
const struct md_rec *md_trace_stable(const struct md_trace *t, const struct md_rec *r);
/* The committed record at body offset off (one that md_trace_next or
 * md_trace_stream returned from there), in the mapping; NULL if gone. */
const struct md_rec *md_trace_at(struct md_trace *t, size_t off);

static inline const uint64_t *md_rec_frames(const struct md_rec *r)
{
	return (const uint64_t *)(r + 1);
}

static inline const uint8_t *md_rec_extra(const struct md_rec *r)
{
	return (const uint8_t *)(md_rec_frames(r) + r->nframes);
}

#endif
