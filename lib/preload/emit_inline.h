/* emit_inline.h - the record path every hooked call takes, inlined into
 * the hooks so that the code run after the system call is one short
 * straight stretch (the kernel's work evicts the caches it would miss in).
 * writer.c's md_emit_at takes the same steps for everything else; both
 * fill records with md_rec_fill (md_rec_lay lays a record out). */
#ifndef MD_EMIT_INLINE_H
#define MD_EMIT_INLINE_H
#include <string.h>
#include <time.h>
#include "emit.h"
#include "prim.h"

/* The ring: a record's first write to a fresh page of a shared mapping
 * costs microseconds (more under shadow paging), a hundred times the
 * record; the ring's pages are written once and stay mapped, and pwrite
 * moves them to the body through the kernel's own mapping. */
#define MD_RING (256u << 10)
#define MD_FLUSH_STEP (32u << 10)  /* a writer crossing a multiple of it flushes */
#define MD_RING_REC_MAX (MD_RING / 8)
#define MD_BODY (MD_TRACE_HEADER + MD_RING)
#define MD_GROW_MIN (1ull << 20)

struct md_writer {
	char *base;       /* the reservation; the header is its first page (atomic) */
	uint64_t cap;     /* current file size (atomic) */
	int tsc;          /* record times are TSC ticks (MD_CLOCK_TSC) */
	int fd;
	uint64_t map_len;
	int grow;         /* grow lock: owner tid, 0 when free (atomic) */
	int seeded;       /* tool mappings are recorded once the seed exists */
};
extern struct md_writer md_w;

uint64_t md_emit_place(const struct md_emit *e, const uint64_t *frames, unsigned nframes,
		       uint64_t seq, int tid, uint64_t off, uint32_t size, uint64_t x1, uint64_t x2);
void md_flush_step(void);

MD_INLINE uint64_t md_ring_pos(uint64_t off)
{
	return (off - MD_BODY) % MD_RING;
}

MD_INLINE uint64_t md_rec_clock(void)
{
#if defined(__x86_64__)
	if (md_w.tsc)
		return __builtin_ia32_rdtsc();
#endif
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* A timed call's time in the hook: before the call, and from the call's
 * return to now, just before the record is committed. */
MD_INLINE uint16_t md_hook_units(const struct md_emit *e)
{
	uint64_t u = (e->pre + (md_rec_clock() - e->timed)) >> MD_HOOK_SHIFT;
	return u > 65535 ? 65535 : (uint16_t)u;
}

/* Lays out the record of body offset `off` at r and commits it: the one
 * place that does, for the preload's writer and for the ptrace backend's
 * (lib/tracer/tfile.c), which passes its own thread id and time.  hook:
 * the time in the hook of a timed call (MD_RF_TIMED), -1 for none. */
MD_INLINE void md_rec_lay(struct md_rec *r, const struct md_emit *e, const uint64_t *frames,
			  unsigned nframes, uint64_t seq, uint32_t tid, uint64_t time,
			  int hook, uint64_t off, uint32_t size, uint64_t x1, uint64_t x2)
{
	uint64_t fixed = sizeof *r + 8ull * nframes;
	/* WRITING before the tag: see rec_is in writer.c */
	__atomic_store_n(&r->commit, MD_REC_WRITING, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r->size = size;
	__atomic_store_n(&r->tag, MD_REC_TAG(off), __ATOMIC_RELEASE);
	r->type = e->type;
	r->nframes = (uint16_t)nframes;
	r->tid = tid;
	r->err = e->err;
	r->seq = seq;
	r->time = time;
	memcpy(r->args, e->args, sizeof r->args);
	r->ret = e->ret;
	r->extra_len = (uint32_t)(x1 + x2);
	r->flags = (uint16_t)(e->flags | (hook >= 0 ? MD_RF_TIMED : 0));
	r->hook = (uint16_t)(hook >= 0 ? hook : 0);
	if (nframes)
		memcpy(r + 1, frames, 8ull * nframes);
	if (x1)
		memcpy((char *)(r + 1) + fixed - sizeof *r, e->extra, x1);
	if (x2)
		memcpy((char *)(r + 1) + fixed - sizeof *r + x1, e->extra2, x2);
	__atomic_store_n(&r->commit, MD_REC_COMMIT, __ATOMIC_RELEASE);
}

/* md_rec_lay for this thread, now (tid 0: this thread's id). */
MD_INLINE void md_rec_fill(struct md_rec *r, const struct md_emit *e, const uint64_t *frames,
			unsigned nframes, uint64_t seq, int tid, uint64_t off, uint32_t size,
			uint64_t x1, uint64_t x2)
{
	md_rec_lay(r, e, frames, nframes, seq, (uint32_t)(tid ? tid : md_tid_inline()),
		   md_rec_clock(), e->timed ? md_hook_units(e) : -1, off, size, x1, x2);
}

/* Whether the file reaches MD_GROW_MIN / 2 beyond `end` (else writer.c's
 * ensure grows it). */
MD_INLINE int md_room_ahead(uint64_t end)
{
	return end + MD_GROW_MIN / 2 <= __atomic_load_n(&md_w.cap, __ATOMIC_SEQ_CST);
}

/* Whether the record of [off, off + size) fits its ring slot without
 * wrapping ... */
MD_INLINE int md_ring_fits(uint64_t off, uint32_t size)
{
	return size <= MD_RING_REC_MAX && md_ring_pos(off) + size <= MD_RING;
}

/* ... and the slot's older bytes are in the body already. */
MD_INLINE int md_ring_free(const struct md_trace_header *h, uint64_t off, uint32_t size)
{
	return off + size <= __atomic_load_n(&h->committed, __ATOMIC_ACQUIRE) + MD_RING;
}

/* After a record: crossing a flush step copies the ring's finished part. */
MD_INLINE void md_emit_done(uint64_t off, uint32_t size)
{
	if ((off - MD_BODY) / MD_FLUSH_STEP != (off + size - MD_BODY) / MD_FLUSH_STEP)
		md_flush_step();
}

/* md_emit for a record without payload: straight into its ring slot when
 * the slot is free and the file long enough, else md_emit_place. */
MD_INLINE uint64_t md_emit_inline(const struct md_emit *e, const uint64_t *frames, unsigned n)
{
	struct md_trace_header *h =
		(struct md_trace_header *)__atomic_load_n(&md_w.base, __ATOMIC_ACQUIRE);
	uint64_t off, seq;
	uint32_t size;
	if (!h)
		return 0;
	if (e->extra || e->extra2 || n > MD_STACK_MAX)
		return md_emit(e, frames, n);
	if (!frames)
		n = 0;
	size = md_rec_size(n, 0);
	off = __atomic_fetch_add(&h->reserved, size, __ATOMIC_SEQ_CST);
	seq = __atomic_fetch_add(&h->next_seq, 1, __ATOMIC_SEQ_CST);
	if (__builtin_expect(!md_ring_fits(off, size) || !md_room_ahead(off + size) ||
			     !md_ring_free(h, off, size), 0))
		return md_emit_place(e, frames, n, seq, 0, off, size, 0, 0);
	md_rec_fill((struct md_rec *)((char *)h + MD_TRACE_HEADER + md_ring_pos(off)), e, frames,
		    n, seq, 0, off, size, 0, 0);
	md_emit_done(off, size);
	return seq;
}

#endif
