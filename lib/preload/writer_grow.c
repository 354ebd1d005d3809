/* writer_grow.c - the trace file's size: the body is written through the
 * mapping only below EOF, so the file grows ahead of the records, and is
 * cut back to them when a process closes or execs. */
#define _GNU_SOURCE
#include "writer.h"
#include <errno.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

/* Sets the file size to `want` with its blocks allocated: ext4 and xfs then
 * take the write faults without allocating, and a full disk shows here
 * (the record is dropped) instead of as SIGBUS in the program.  Falls back
 * to a sparse ftruncate where fallocate is not supported (never a cut:
 * a signal handler's nested grow may have gone further meanwhile). */
static int md_writer_extend(int fd, uint64_t from, uint64_t want)
{
	struct stat st;
	long r;
	do
		r = md_syscall6(SYS_fallocate, fd, 0, (long)from, (long)(want - from), 0, 0);
	while (r == -EINTR);
	if (r == 0)
		return 0;
	if (r == -ENOSPC || r == -EDQUOT || r == -EFBIG)
		return -1;
	if (md_sys3(SYS_fstat, fd, (long)&st, 0) == 0 && (uint64_t)st.st_size >= want)
		return 0;
	return md_sys3(SYS_ftruncate, fd, (long)want, 0) < 0 ? -1 : 0;
}

/* The file's first MD_GROW_MIN, sparse where the file system has 64 MiB
 * free or more: blocks allocated ahead cost a process the same again and
 * more when the file is cut at exit (ext4: some 100 us for a short
 * process, a tenth of its start), and a process that writes less than
 * that never grows the file.  Growth beyond it allocates (fallocate). */
#define SPARSE_FREE (64ull << 20)

int md_writer_first(int fd)
{
	struct statfs sf;
	if (!md_memory_only && md_sys3(SYS_fstatfs, fd, (long)&sf, 0) == 0 &&
	    (uint64_t)sf.f_bavail * (uint64_t)sf.f_bsize >= SPARSE_FREE)
		return md_sys3(SYS_ftruncate, fd, (long)MD_GROW_MIN, 0) < 0 ? -1 : 0;
	return md_writer_extend(fd, 0, MD_GROW_MIN);
}

/* Returns 1 with the lock, 0 when this thread already holds it (a signal
 * handler interrupting a grow or the trim). */
static int grow_lock(void)
{
	int me = md_tid();
	for (unsigned spins = 0;; spins++) {
		int z = 0;
		if (__atomic_compare_exchange_n(&md_w.grow, &z, me, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return 1;
		if (z == me)
			return 0;
		if (spins > 64)
			md_sys3(SYS_sched_yield, 0, 0, 0);
	}
}

static void grow_unlock(void)
{
	__atomic_store_n(&md_w.grow, 0, __ATOMIC_RELEASE);
}

/* cap only rises while the process runs: a grow that a signal handler's
 * nested grow overtook must not lower it. */
static void cap_raise(uint64_t v)
{
	uint64_t c = __atomic_load_n(&md_w.cap, __ATOMIC_SEQ_CST);
	while (c < v && !__atomic_compare_exchange_n(&md_w.cap, &c, v, 0, __ATOMIC_SEQ_CST,
						     __ATOMIC_SEQ_CST))
		;
}

/* Makes the file cover `end` and MD_GROW_MIN/2 beyond it, growing by a
 * quarter at least.  Called with the grow lock, or nested in a signal
 * handler of the thread that holds it: the file only grows (fallocate
 * never cuts, md_writer_extend's ftruncate never cuts), so the
 * interrupted grow, resumed, finds the file as large or larger. */
static int grow(uint64_t end)
{
	uint64_t cap = __atomic_load_n(&md_w.cap, __ATOMIC_SEQ_CST), want, ahead;
	if (end + MD_GROW_MIN / 2 > cap && cap < md_w.map_len) {
		ahead = cap / 4 > MD_GROW_MIN ? cap / 4 : MD_GROW_MIN;
		want = (end + ahead + 4095) & ~4095ull;
		if (want > md_w.map_len)
			want = md_w.map_len;
		if (md_writer_extend(md_w.fd, cap, want) == 0)
			cap_raise(want);
		else if (end > cap && md_writer_extend(md_w.fd, cap, end) == 0)
			cap_raise(end);
	}
	return end <= __atomic_load_n(&md_w.cap, __ATOMIC_SEQ_CST);
}

/* Makes the file cover [0, end): no one writes past EOF (the body through
 * the mapping or pwrite).  Near the end one writer grows ahead while the
 * others go on.  A signal handler whose thread was interrupted in a grow
 * grows on its own (a burst of records in a handler can pass the margin
 * ahead); one that interrupted the trim at exit (cap 0) drops its record:
 * the trim cuts the file to what was reserved before it. */
int md_writer_ensure(uint64_t end)
{
	int ok, got;
	if (md_room_ahead(end))
		return 1;
	if (end <= __atomic_load_n(&md_w.cap, __ATOMIC_SEQ_CST)) {
		int z = 0;
		if (__atomic_compare_exchange_n(&md_w.grow, &z, md_tid(), 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED)) {
			grow(end);
			grow_unlock();
		}
		return 1;
	}
	if (end > md_w.map_len)
		return 0;
	if (!(got = grow_lock()))
		return __atomic_load_n(&md_w.cap, __ATOMIC_SEQ_CST) && grow(end);
	ok = grow(end);
	grow_unlock();
	return ok;
}

/* Cuts the file to the bytes handed out so far, the ring copied into the
 * body first.  cap is zeroed before `reserved` is read, so a writer either
 * reserved before that read (and is inside the new size) or sees cap below
 * its record and grows again under the lock. */
void md_writer_trim(void)
{
	struct md_trace_header *h = md_writer_header();
	uint64_t r;
	if (!h)
		return;
	md_writer_flush_all();
	if (!grow_lock())
		return;
	__atomic_store_n(&md_w.cap, 0, __ATOMIC_SEQ_CST);
	r = __atomic_load_n(&h->reserved, __ATOMIC_SEQ_CST);
	if (r > md_w.map_len)
		r = md_w.map_len;
	if (md_sys3(SYS_ftruncate, md_w.fd, (long)r, 0) < 0) {
		struct stat st;
		r = md_sys3(SYS_fstat, md_w.fd, (long)&st, 0) == 0 ? (uint64_t)st.st_size : 0;
	}
	__atomic_store_n(&md_w.cap, r, __ATOMIC_SEQ_CST);
	grow_unlock();
}
