/* capture.c - the capture as libmdtrace sees it (capture.h), and the
 * memory-only trace of a program that links libmdtrace without asking for
 * a trace file. */
#define _GNU_SOURCE
#include "capture.h"
#include "writer.h"
#include "lock.h"
#include "hooks_common.h"
#include <linux/falloc.h>
#include <sys/stat.h>
#include <sys/syscall.h>

int md_memory_only;
md_dispatch_fn *md_dispatch;

/* Memory only: the body below this offset (whole 2 MiB blocks) has been
 * given back (fallocate punches it out of the memfd). */
static uint64_t released;

static int memory_only(void)
{
	return md_memory_only;
}

static const struct md_trace_header *header(void)
{
	return md_writer_header();
}

static int trace_ident(uint64_t *dev, uint64_t *ino)
{
	struct stat st;
	if (md_w.fd < 0 || md_sys3(SYS_fstat, md_w.fd, (long)&st, 0) < 0)
		return -1;
	*dev = st.st_dev;
	*ino = st.st_ino;
	return 0;
}

static void set_dispatch(md_dispatch_fn *fn)
{
	__atomic_store_n(&md_dispatch, fn, __ATOMIC_RELEASE);
}

/* The ring's part of the file (below MD_BODY) is never punched; only body
 * records that every reader has read, and only in a memfd. */
static void release(uint64_t off)
{
	const struct md_trace_header *h = md_writer_header();
	uint64_t from, to = off & ~((2ull << 20) - 1);
	if (!md_memory_only || !h)
		return;
	to = to < h->committed ? to : h->committed & ~((2ull << 20) - 1);
	from = released > MD_BODY ? released : (MD_BODY + 4095) & ~4095ull;
	if (to <= from)
		return;
	if (md_syscall6(SYS_fallocate, md_w.fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			(long)from, (long)(to - from), 0, 0) == 0)
		released = to;
}

static const char *maps(uint32_t *len)
{
	return md_maps_read(len);
}

static int lock_mine(void)
{
	return (__atomic_load_n(&md_lock.word, __ATOMIC_RELAXED) & MD_LOCK_TID_MASK) == md_tid();
}

static int tid(void)
{
	return md_tid();
}

MD_PUBLIC const struct md_capture mdtrace_capture_v1 = {
	.version = MD_CAPTURE_VERSION,
	.memory_only = memory_only,
	.header = header,
	.copy = md_writer_copy,
	.lock = md_order_lock,
	.unlock = md_order_unlock,
	.lock_mine = lock_mine,
	.maps = maps,
	.map = md_tool_map,
	.unmap = md_tool_unmap,
	.remap = md_tool_remap,
	.trace_ident = trace_ident,
	.set_dispatch = set_dispatch,
	.release = release,
	.tid = tid,
};

/* The hooks' side of capture.h's dispatch: the call as a record without
 * frames or payload. */
void md_dispatch_call(const struct md_emit *e)
{
	md_dispatch_fn *fn = __atomic_load_n(&md_dispatch, __ATOMIC_ACQUIRE);
	struct md_rec r = { .size = sizeof r, .type = e->type, .err = e->err, .ret = e->ret,
			    .flags = e->flags, .tid = (uint32_t)md_tid_inline() };
	if (!fn)
		return;
	for (int i = 0; i < 6; i++)
		r.args[i] = e->args[i];
	fn(&r);
}
