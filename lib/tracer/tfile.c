/* tfile.c - the supervisor's trace files (tfile.h). */
#define _GNU_SOURCE
#include "tfile.h"
#include "emit_inline.h"
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#define ARCH EM_X86_64
#elif defined(__aarch64__)
#define ARCH EM_AARCH64
#else
#define ARCH 0
#endif

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The file is mapped whole, up to a reservation that costs no memory;
 * a trace longer than that is cut (records counted as dropped). */
#define RESERVE (16ull << 30)
#define GROW (4ull << 20)

int md_tfile_create(struct md_tfile *f, enum md_trace_role role, const char *root, long pid)
{
	struct md_trace_header *h;
	int fd = md_writer_open(role, root, f->path, pid);
	if (fd < 0)
		return fd;
	if (ftruncate(fd, GROW) < 0 ||
	    (h = mmap(NULL, RESERVE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd, 0)) ==
		    MAP_FAILED) {
		int e = errno;
		close(fd);
		unlink(f->path);
		return -e;
	}
	memcpy(h->magic, MD_TRACE_MAGIC, 8);
	h->version = MD_TRACE_VERSION;
	h->header_size = MD_TRACE_HEADER;
	h->arch = ARCH;
	h->page_size = (uint32_t)sysconf(_SC_PAGESIZE);
	h->reserved = h->committed = MD_TRACE_HEADER;
	h->next_seq = 1;
	h->pid = (int32_t)pid;
	h->clock = MD_CLOCK_MONOTONIC;
	h->flags = MD_TF_PTRACE;
	f->fd = fd;
	f->h = h;
	f->map_len = RESERVE;
	f->cap = GROW;
	return 0;
}

/* Room for bytes up to `end`: the file grows in GROW steps. */
static int room(struct md_tfile *f, uint64_t end)
{
	uint64_t cap = f->cap;
	if (end <= cap)
		return 0;
	if (end > f->map_len)
		return -1;
	while (cap < end)
		cap += GROW;
	if (cap > f->map_len)
		cap = f->map_len;
	if (ftruncate(f->fd, (off_t)cap) < 0)
		return -1;
	f->cap = cap;
	return 0;
}

/* A record is written whole, its commit word last (md_rec_lay), before
 * `reserved` moves over it: a reader of a live trace never meets a
 * partial one.  The file's new pages are zero, so no padding is left
 * over from anything. */
uint64_t md_tfile_emit(struct md_tfile *f, const struct md_emit *e, const uint64_t *frames,
		       unsigned nframes, int tid)
{
	struct md_trace_header *h = f->h;
	uint64_t x1 = e->extra ? e->extra_len : 0, x2 = e->extra2 ? e->extra2_len : 0;
	uint64_t off = h->reserved;
	if (nframes > MD_STACK_MAX)
		nframes = MD_STACK_MAX;
	if (sizeof(struct md_rec) + 8ull * nframes + x1 + x2 > MD_REC_MAX - 8)
		x1 = x2 = 0; /* only the maps texts are long, and never this long */
	uint32_t size = md_rec_size(nframes, x1 + x2);
	if (room(f, off + size) < 0) {
		h->dropped++;
		return 0;
	}
	uint64_t seq = h->next_seq;
	md_rec_lay((struct md_rec *)((char *)h + off), e, frames, nframes, seq, (uint32_t)tid,
		   now_ns(), -1, off, size, x1, x2);
	__atomic_store_n(&h->next_seq, seq + 1, __ATOMIC_RELEASE);
	__atomic_store_n(&h->committed, off + size, __ATOMIC_RELEASE);
	__atomic_store_n(&h->reserved, off + size, __ATOMIC_RELEASE);
	return seq;
}

/* The file is cut to its records; the header flagged. */
void md_tfile_close(struct md_tfile *f, uint32_t flags)
{
	if (!f->h)
		return;
	__atomic_fetch_or(&f->h->flags, flags, __ATOMIC_SEQ_CST);
	if (ftruncate(f->fd, (off_t)f->h->reserved) < 0) {
		/* the tail stays zero: readers stop at the last record */
	}
	munmap(f->h, f->map_len);
	close(f->fd);
	f->h = NULL;
	f->fd = -1;
}
