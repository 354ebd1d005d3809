/* writer_emit.c - writing records: lock-free md_emit into the ring or the
 * body, and the flush that copies the ring's finished part to the body. */
#define _GNU_SOURCE
#include "writer.h"
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>

static char *ring(void)
{
	return md_w.base + MD_TRACE_HEADER;
}

#define ring_pos md_ring_pos

/* Whether r is the record of body offset `off` in state `want` (format.h)
 * with a size that fits the `room` left. */
static int rec_is(const struct md_rec *r, uint64_t off, uint32_t want, uint64_t room)
{
	return md_rec_at(r, off, want) && r->size >= sizeof *r && r->size <= room &&
	       r->size % 8 == 0;
}

static const struct md_rec *ring_rec(uint64_t off, uint32_t want)
{
	uint64_t p = ring_pos(off);
	const struct md_rec *r = (const struct md_rec *)(ring() + p);
	if (p + sizeof *r > MD_RING || !rec_is(r, off, want, MD_RING - p))
		return NULL;
	return r;
}

static const struct md_rec *body_rec(uint64_t off)
{
	uint64_t cap = __atomic_load_n(&md_w.cap, __ATOMIC_SEQ_CST);
	const struct md_rec *r = (const struct md_rec *)(md_w.base + off);
	if (off + sizeof *r > cap || !rec_is(r, off, MD_REC_COMMIT, cap - off))
		return NULL;
	return r;
}

/* The committed record at body offset `off`, wherever it is now. */
static const struct md_rec *rec_find(uint64_t off)
{
	const struct md_rec *r = ring_rec(off, MD_REC_COMMIT);
	if (r || ring_rec(off, MD_REC_WRITING))
		return r;
	return body_rec(off);
}

/* The ring's copy of body bytes [from, to) (one stretch, not wrapping)
 * into the body; the kernel writes through its own mapping. */
static int put(uint64_t from, uint64_t to)
{
	const char *src = ring() + ring_pos(from);
	while (from < to) {
		long n = md_syscall6(SYS_pwrite64, md_w.fd, (long)src, (long)(to - from),
				     (long)from, 0, 0);
		if (n == -EINTR)
			continue;
		if (n <= 0)
			return -1;
		src += n;
		from += (uint64_t)n;
	}
	return 0;
}

/* Moves `committed` over the complete records after it, copying those in
 * the ring to the body, and stops at the first record not complete: its
 * ring bytes must stay until it is.  One flusher at a time, no waiting:
 * returns 0 when another (or this thread, interrupted) holds the turn.
 * The ring slot of a record beyond committed + MD_RING is written only
 * after the record it replaces is in the body. */
static int flush(struct md_trace_header *h)
{
	uint64_t off, end, run;
	const struct md_rec *r;
	int z = 0;
	if (!__atomic_compare_exchange_n(&h->flushing, &z, md_tid(), 0, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		return 0;
	uint64_t t0 = md_rec_clock();
	off = run = __atomic_load_n(&h->committed, __ATOMIC_ACQUIRE);
	end = __atomic_load_n(&h->reserved, __ATOMIC_ACQUIRE);
	while (off < end) {
		if ((r = ring_rec(off, MD_REC_COMMIT))) {
			if (ring_pos(run) + (off - run) != ring_pos(off)) { /* wrapped */
				if (put(run, off) < 0)
					break;
				run = off;
			}
			off += r->size;
			continue;
		}
		if (ring_rec(off, MD_REC_WRITING) || put(run, off) < 0)
			break;
		run = off;
		if (!(r = body_rec(off)))
			break;
		off = run = off + r->size;
	}
	if (put(run, off) < 0)
		off = run;
	__atomic_store_n(&h->committed, off, __ATOMIC_RELEASE);
	__atomic_fetch_add(&h->flush_time, md_rec_clock() - t0, __ATOMIC_RELAXED);
	md_writer_clock_pair(h);
	__atomic_store_n(&h->flushing, 0, __ATOMIC_RELEASE);
	return 1;
}

/* A fresh latest clock pair, unless someone (maybe this thread, in a
 * signal handler) is flushing: that refreshes it too. */
void md_writer_clock_refresh(void)
{
	struct md_trace_header *h = md_writer_header();
	int z = 0;
	if (!h || h->clock != MD_CLOCK_TSC ||
	    !__atomic_compare_exchange_n(&h->flushing, &z, md_tid(), 0, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		return;
	md_writer_clock_pair(h);
	__atomic_store_n(&h->flushing, 0, __ATOMIC_RELEASE);
}

/* Close and exec: copy what is complete, waiting a bounded while for a
 * flusher on another thread to finish its turn. */
void md_writer_flush_all(void)
{
	struct md_trace_header *h = md_writer_header();
	for (int i = 0; h && i < 1000; i++) {
		if (__atomic_load_n(&h->flushing, __ATOMIC_RELAXED) == md_tid() || flush(h))
			return;
		md_sys3(SYS_sched_yield, 0, 0, 0);
	}
}

/* Where the record of [off, off + size) is written: its ring slot when the
 * record fits there without wrapping and the slot's older bytes are in the
 * body, else the body itself (slow: a fresh page, but never a wait). */
static struct md_rec *slot_for(struct md_trace_header *h, uint64_t off, uint32_t size)
{
	if (!md_ring_fits(off, size))
		return (struct md_rec *)(md_w.base + off);
	if (!md_ring_free(h, off, size)) {
		flush(h);
		if (!md_ring_free(h, off, size))
			return (struct md_rec *)(md_w.base + off);
	}
	return (struct md_rec *)(ring() + ring_pos(off));
}

uint64_t md_seq_take(void)
{
	struct md_trace_header *h = md_writer_header();
	return h ? __atomic_fetch_add(&h->next_seq, 1, __ATOMIC_SEQ_CST) : 0;
}

/* The general path: a record with a payload, or one that must go to the
 * body, wait for growth or start a flush (md_emit_inline takes the rest). */
uint64_t md_emit_place(const struct md_emit *e, const uint64_t *frames, unsigned nframes,
		       uint64_t seq, int tid, uint64_t off, uint32_t size, uint64_t x1, uint64_t x2)
{
	struct md_trace_header *h = md_writer_header();
	struct md_rec *r;
	if (!seq)
		seq = __atomic_fetch_add(&h->next_seq, 1, __ATOMIC_SEQ_CST);
	if (!md_writer_ensure(off + size)) {
		__atomic_fetch_add(&h->dropped, 1, __ATOMIC_RELAXED);
		return 0;
	}
	r = slot_for(h, off, size);
	md_rec_fill(r, e, frames, nframes, seq, tid, off, size, x1, x2);
	md_emit_done(off, size);
	return seq;
}

/* Crossing a multiple of MD_FLUSH_STEP: copy the ring's finished part. */
void md_flush_step(void)
{
	struct md_trace_header *h = md_writer_header();
	if (h)
		flush(h);
}

uint64_t md_emit_at(const struct md_emit *e, const uint64_t *frames, unsigned nframes,
		    uint64_t seq, int tid)
{
	struct md_trace_header *h = md_writer_header();
	uint64_t x1, x2, fixed, off;
	uint32_t size;

	if (!h)
		return 0;
	if (!frames || nframes > MD_STACK_MAX)
		nframes = frames ? MD_STACK_MAX : 0;
	x1 = e->extra ? e->extra_len : 0;
	x2 = e->extra2 ? e->extra2_len : 0;
	fixed = sizeof(struct md_rec) + 8ull * nframes;
	if (fixed + x1 > MD_REC_MAX - 8)
		x1 = MD_REC_MAX - 8 - fixed;
	if (fixed + x1 + x2 > MD_REC_MAX - 8)
		x2 = MD_REC_MAX - 8 - fixed - x1;
	size = md_rec_size(nframes, x1 + x2);
	off = __atomic_fetch_add(&h->reserved, size, __ATOMIC_SEQ_CST);
	return md_emit_place(e, frames, nframes, seq, tid, off, size, x1, x2);
}

uint64_t md_emit(const struct md_emit *e, const uint64_t *frames, unsigned nframes)
{
	return md_emit_at(e, frames, nframes, 0, 0);
}

int md_writer_scan(uint64_t from, int (*fn)(const struct md_rec *r, void *ctx), void *ctx)
{
	struct md_trace_header *h = md_writer_header();
	const struct md_rec *r;
	uint64_t end, off = from < MD_BODY ? MD_BODY : from;
	int v;
	if (!h)
		return 0;
	end = __atomic_load_n(&h->reserved, __ATOMIC_SEQ_CST);
	while (off < end && (r = rec_find(off))) {
		if ((v = fn(r, ctx)))
			return v;
		off += r->size;
	}
	return 0;
}

/* The committed record at `off` copied out without its frames (nframes 0
 * in the copy; the reader has no use for them): a ring slot may be taken
 * by a newer record while it is read (its older bytes are in the body by
 * then), so the copy counts only if the slot still holds this record
 * after it.  Returns the record's size in the trace; 0 when there is no
 * complete record there (*tid: its writer, if known) or it does not fit
 * (*need: the bytes it takes). */
size_t md_writer_copy(uint64_t off, void *buf, size_t cap, int *tid, size_t *need)
{
	*tid = 0;
	*need = 0;
	for (int tries = 0; tries < 4; tries++) {
		const struct md_rec *r = rec_find(off), *w;
		struct md_rec *c = buf;
		uint32_t size, frames, extra;
		if (!r) {
			if ((w = ring_rec(off, MD_REC_WRITING)))
				*tid = (int)__atomic_load_n(&w->tid, __ATOMIC_RELAXED);
			return 0;
		}
		size = r->size;
		frames = 8u * r->nframes;
		extra = r->extra_len;
		if (sizeof *r + frames + extra > size)
			return 0; /* malformed: the writer's own records never are */
		if (sizeof *r + extra > cap) {
			*need = sizeof *r + extra;
			return 0;
		}
		memcpy(c, r, sizeof *r);
		memcpy(c + 1, (const char *)(r + 1) + frames, extra);
		if (md_rec_at(r, off, MD_REC_COMMIT) && r->size == size) {
			c->nframes = 0;
			c->size = (uint32_t)(sizeof *r + extra);
			return size;
		}
	}
	return 0;
}

/* A record written by the writer itself: ordered with the hooks' events,
 * with the caller's stack (libunwind's own calls count as nested). */
void md_emit_simple(uint16_t type, uint64_t a0, const char *text, unsigned skip)
{
	struct md_emit e = { .type = type, .args = { a0 } };
	uint64_t frames[MD_STACK_MAX];
	unsigned n;
	int saved = errno;
	if (text) {
		e.extra = text;
		e.extra_len = (uint32_t)strlen(text);
	}
	md_order_lock();
	md_in_hook++;
	n = skip == MD_NO_STACK ? 0 : md_stack(frames, md_stack_depth, skip + 1);
	md_in_hook--;
	md_emit(&e, frames, n);
	md_order_unlock();
	md_writer_clock_refresh();
	errno = saved;
}
