/* reader.c - checked reading of trace files (see reader.h). */
#define _GNU_SOURCE
#include "reader.h"
#include "openreg.h"
#include "shrink.h"
#include "xlat.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__x86_64__)
#define HOST_ARCH EM_X86_64
#elif defined(__aarch64__)
#define HOST_ARCH EM_AARCH64
#else
#define HOST_ARCH 0
#endif

static int fail(struct md_trace *t, const char *fmt, const char *what)
{
	snprintf(t->err, sizeof t->err, fmt, t->path, what);
	return -1;
}

static int check_header(struct md_trace *t)
{
	const struct md_trace_header *h = t->h;
	if (t->size < sizeof *h || memcmp(h->magic, MD_TRACE_MAGIC, 8))
		return fail(t, "%s: not an mdtrace trace%s", t->size < sizeof *h ? " (too short)" : "");
	if (h->version != MD_TRACE_VERSION) {
		char v[80];
		snprintf(v, sizeof v, "%u is not supported (this mdtrace reads version %u)",
			 h->version, MD_TRACE_VERSION);
		return fail(t, "%s: trace format version %s", v);
	}
	if (h->ring_size % 8 || h->ring_size > (64u << 20) ||
	    (h->ring_size && h->ring_off != MD_TRACE_HEADER) ||
	    h->header_size != MD_TRACE_HEADER + (uint64_t)h->ring_size || h->header_size > t->size)
		return fail(t, "%s: corrupt header (header size)%s", "");
	if (h->arch != HOST_ARCH) {
		const char *a = h->arch == EM_X86_64 ? "x86_64" : h->arch == EM_AARCH64 ? "aarch64" : "an unknown architecture";
		return fail(t, "%s: trace was recorded on %s; read it on that architecture", a);
	}
	if (!h->page_size || (h->page_size & (h->page_size - 1)) || h->page_size > (1u << 30))
		return fail(t, "%s: corrupt header (page size)%s", "");
	return 0;
}

int md_trace_open(struct md_trace *t, const char *path)
{
	memset(t, 0, sizeof *t);
	t->path = path;
	t->fd = -1;
	struct stat st;
	const char *why;
	int fd = md_open_regular(AT_FDCWD, path, 0, &st, &why);
	if (fd < 0)
		return fail(t, "%s: %s", why);
	if (st.st_size == 0) {
		close(fd);
		return fail(t, "%s: empty file%s", "");
	}
	t->size = (size_t)st.st_size;
	t->dev = st.st_dev;
	t->ino = st.st_ino;
	t->uid = st.st_uid;
	void *p = mmap(NULL, t->size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		close(fd);
		return fail(t, "%s: %s", strerror(errno));
	}
	t->fd = fd;
	t->base = p;
	t->h = p;
	md_shrink_watch(p, t->size, path);
	if (check_header(t) < 0) {
		md_trace_close(t);
		return -1;
	}
	return 0;
}

void md_trace_close(struct md_trace *t)
{
	if (t->base) {
		md_shrink_unwatch(t->base);
		munmap((void *)t->base, t->size);
	}
	if (t->fd >= 0)
		close(t->fd);
	free(t->win);
	t->base = NULL;
	t->h = NULL;
	t->fd = -1;
	t->win = NULL;
	t->win_len = 0;
}

/* Where the records end: what writers reserved, bounded by the file. */
static size_t data_end(const struct md_trace *t)
{
	uint64_t r = __atomic_load_n(&t->h->reserved, __ATOMIC_ACQUIRE);
	return r >= t->h->header_size && r < t->size ? (size_t)r : t->size;
}

static const struct md_rec *bad(struct md_trace *t, size_t off, const char *why)
{
	md_shrink_check(t->fd, t->size, off + sizeof(struct md_rec), t->path);
	t->truncated = 1;
	snprintf(t->err, sizeof t->err, "%s: trace ends early: damaged record at offset %zu "
		 "(%s); the records before it are intact", t->path, off, why);
	return NULL;
}

/* The record at p if it belongs at body offset `off` with commit word
 * `want` (md_rec_at). */
static const struct md_rec *tagged(const uint8_t *p, size_t off, uint32_t want)
{
	const struct md_rec *r = (const void *)p;
	return md_rec_at(r, off, want) ? r : NULL;
}

/* The ring slot of body offset `off`, if a whole record header fits. */
static const uint8_t *ring_slot(const struct md_trace *t, size_t off, size_t *room)
{
	uint32_t n = t->h->ring_size;
	size_t p = n ? (off - t->h->header_size) % n : 0;
	if (!n || n - p < sizeof(struct md_rec))
		return NULL;
	*room = n - p;
	return t->base + t->h->ring_off + p;
}

/* Where the record of body offset `off` is, in state `want`: the body
 * once `committed` is past it (the ring slot may hold a newer lap), else
 * the body if the writer bypassed the ring, else the ring.  *room is how
 * far the record may extend. */
static const struct md_rec *locate(const struct md_trace *t, size_t off, size_t end,
				   uint32_t want, size_t *room)
{
	const struct md_rec *r = tagged(t->base + off, off, want);
	const uint8_t *p;
	if (r || __atomic_load_n(&t->h->committed, __ATOMIC_ACQUIRE) > off) {
		*room = end - off;
		return r;
	}
	if (!(p = ring_slot(t, off, room)) || !(r = tagged(p, off, want)))
		return NULL;
	/* the ring slot is rewritten only after the body has the record */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (__atomic_load_n(&t->h->committed, __ATOMIC_ACQUIRE) > off)
		return locate(t, off, end, want, room);
	if (*room > end - off)
		*room = end - off;
	return r;
}

enum { MD_WIN = 256 << 10 };

/* [off, off + len) of the body from the window, refilled from off when it
 * does not hold that.  Only bytes below `committed` as read before the
 * pread are kept: they are final, so the copy cannot be torn by a writer. */
static const uint8_t *refill(struct md_trace *t, size_t off, size_t len)
{
	if (len > MD_WIN || t->fd < 0 || (!t->win && !(t->win = malloc(MD_WIN))))
		return NULL;
	uint64_t fin = __atomic_load_n(&t->h->committed, __ATOMIC_ACQUIRE);
	if (fin > t->size)
		fin = t->size;
	size_t want = fin > off ? fin - off : 0, got = 0;
	if (want > MD_WIN)
		want = MD_WIN;
	while (got < want) {
		ssize_t n = pread(t->fd, t->win + got, want - got, (off_t)(off + got));
		if (n <= 0 && !(n < 0 && errno == EINTR))
			break;
		if (n > 0)
			got += (size_t)n;
	}
	t->win_off = off;
	t->win_len = got;
	return len <= got ? t->win : NULL;
}

static inline const uint8_t *window(struct md_trace *t, size_t off, size_t len)
{
	if (off >= t->win_off && len <= t->win_len && off - t->win_off <= t->win_len - len)
		return t->win + (off - t->win_off);
	return refill(t, off, len);
}

/* The committed record at `at` from the window, or NULL (then the caller
 * looks in the mapping, which also knows records still in the ring). */
static const struct md_rec *streamed(struct md_trace *t, size_t at, size_t end, size_t *room)
{
	const uint8_t *p = window(t, at, sizeof(struct md_rec));
	const struct md_rec *r = p ? tagged(p, at, MD_REC_COMMIT) : NULL;
	if (!r || r->size < sizeof *r || r->size > end - at)
		return NULL;
	if (!(p = window(t, at, r->size)) || !(r = tagged(p, at, MD_REC_COMMIT)))
		return NULL;
	*room = r->size; /* the size was checked against end above */
	return r;
}

static const struct md_rec *next_rec(struct md_trace *t, size_t *off, int stream)
{
	size_t end = data_end(t), room;
	if (*off < t->h->header_size)
		*off = t->h->header_size;
	/* Records start at multiples of 8; an offset from elsewhere (an
	 * index) that is not one cannot be read as a record. */
	if (*off % 8)
		return bad(t, *off, "misaligned offset");
	while (*off < end) {
		if (end - *off < sizeof(struct md_rec))
			return bad(t, *off, "cut short");
		size_t at = *off;
		int done = 1;
		const struct md_rec *r = stream ? streamed(t, at, end, &room) : NULL;
		if (!r)
			r = locate(t, at, end, MD_REC_COMMIT, &room);
		if (!r) {
			/* a writer was killed mid-record: step over it */
			r = locate(t, at, end, MD_REC_WRITING, &room);
			done = 0;
		}
		/* Reserved but never written: the writer died.  After the END
		 * record that is a thread the kernel ended while the process
		 * exited (mdtrace-preload(7), PROCESSES), not damage. */
		if (!r)
			return t->ended ? NULL : bad(t, at, "never written");
		if (r->size < sizeof *r || r->size % 8 || r->size > MD_REC_MAX || r->size > room)
			return bad(t, at, "bad size");
		*off += r->size;
		/* Count each record once, however often callers walk or peek. */
		int fresh = at >= t->high;
		if (fresh)
			t->high = *off;
		if (!done) {
			t->skipped += fresh;
			continue;
		}
		if ((uint64_t)r->nframes * 8 + r->extra_len > r->size - sizeof *r)
			return bad(t, at, "payload larger than record");
		if (!r->type || r->type >= MD_EV_MAX)
			return bad(t, at, "unknown record type");
		t->records += fresh;
		t->ended |= r->type == MD_EV_END;
		return r;
	}
	return NULL;
}

const struct md_rec *md_trace_next(struct md_trace *t, size_t *off)
{
	return next_rec(t, off, 0);
}

const struct md_rec *md_trace_stream(struct md_trace *t, size_t *off)
{
	return next_rec(t, off, 1);
}

const struct md_rec *md_trace_stable(const struct md_trace *t, const struct md_rec *r)
{
	const uint8_t *p = (const uint8_t *)r;
	if (!r || !t->win || p < t->win || p >= t->win + t->win_len)
		return r;
	return (const struct md_rec *)(t->base + t->win_off + (size_t)(p - t->win));
}

const struct md_rec *md_trace_at(struct md_trace *t, size_t off)
{
	size_t end = data_end(t), room;
	if (off < t->h->header_size || off % 8 || off >= end || end - off < sizeof(struct md_rec))
		return NULL;
	const struct md_rec *r = locate(t, off, end, MD_REC_COMMIT, &room);
	return r && r->size >= sizeof *r && r->size <= room ? r : NULL;
}
