/* writer.c - the trace file (format.h): its creation (the header, the
 * MAP_SHARED reservation) and its closing.  The rest of the writer:
 * writer_name.c (which file), writer_clock.c (record times),
 * writer_grow.c (the file's size), writer_emit.c (records, the ring),
 * writer_tool.c (mdtrace's own memory, /proc/self/maps). */
#define _GNU_SOURCE
#include "writer.h"
#include "fds.h"
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/auxv.h>
#include <time.h>
#include <unistd.h>
#include "xlat.h"

#if defined(__x86_64__)
#define MD_ARCH EM_X86_64
#elif defined(__aarch64__)
#define MD_ARCH EM_AARCH64
#else
#define MD_ARCH 0
#endif

#define MD_RESERVE (64ull << 30)
#define MD_RESERVE_MIN (64ull << 20)

struct md_writer md_w = { .fd = -1 };
static char trace_path[MD_PATH_MAX];

char md_root[MD_PATH_MAX];
__thread int md_in_hook;

void md_untraced(const char *what, const char *path, int err)
{
	char line[MD_PATH_MAX + 256] = "mdtrace: ";
	md_strlcat(line, what, sizeof line);
	if (path) {
		md_strlcat(line, " ", sizeof line);
		md_strlcat(line, path, sizeof line);
	}
	if (err) {
		md_strlcat(line, ": ", sizeof line);
		md_strlcat(line, strerror(err), sizeof line);
	}
	md_strlcat(line, "; running untraced\n", sizeof line);
	md_sys3(SYS_write, 2, (long)line, (long)strlen(line));
}

int md_writer_ready(void)
{
	return md_writer_header() != NULL;
}

const char *md_writer_path(void)
{
	return trace_path;
}

static char *map_reservation(int fd, uint64_t *len)
{
	for (uint64_t l = MD_RESERVE; l >= MD_RESERVE_MIN; l >>= 1) {
		void *p = md_sys_mmap(NULL, l, PROT_READ | PROT_WRITE,
				      MAP_SHARED | MAP_NORESERVE, fd, 0);
		if (p != MAP_FAILED) {
			/* Records are written once, in order: a fault needs its
			 * own page only.  The readahead a file mapping gets
			 * otherwise allocates a large folio and zeroes it on
			 * the first touch of each region (a tenth of a short
			 * process's start). */
			md_sys3(SYS_madvise, (long)p, (long)l, MADV_RANDOM);
			*len = l;
			return p;
		}
	}
	return NULL;
}

static void fill_header(struct md_trace_header *h, long pid, const char *parent,
			uint64_t parent_seq, const struct md_trace_header *inherited)
{
	struct rlimit rl;
	long n;
	memcpy(h->magic, MD_TRACE_MAGIC, 8);
	h->version = MD_TRACE_VERSION;
	h->header_size = MD_BODY;
	h->ring_off = MD_TRACE_HEADER;
	h->ring_size = MD_RING;
	h->arch = MD_ARCH;
	h->page_size = (uint32_t)getauxval(AT_PAGESZ);
	h->reserved = MD_BODY;
	h->committed = MD_BODY;
	h->next_seq = 1;
	h->pid = (int32_t)pid;
	h->ppid = (int32_t)md_sys3(SYS_getppid, 0, 0, 0);
	h->parent_seq = parent_seq;
	h->start_realtime_ns = md_writer_clock_ns(CLOCK_REALTIME);
	md_writer_clock_start(h, inherited);
	h->stack_depth = md_stack_depth;
	h->hook_every = MD_HOOK_EVERY;
	if (getrlimit(RLIMIT_STACK, &rl) == 0)
		h->stack_limit = rl.rlim_cur;
	h->brk_start = (uint64_t)md_sys3(SYS_brk, 0, 0, 0);
	if (parent)
		md_strlcpy(h->parent_trace, parent, sizeof h->parent_trace);
	n = md_syscall6(SYS_readlinkat, AT_FDCWD, (long)"/proc/self/exe", (long)h->exe,
			sizeof h->exe - 1, 0, 0);
	if (n < 0)
		h->exe[0] = 0;
}

/* A trace that is no file: libmdtrace reads it in this process only. */
static int memory_trace(char *path)
{
	md_strlcpy(path, "memory", MD_PATH_MAX);
	return (int)md_sys3(SYS_memfd_create, (long)"mdtrace", MFD_CLOEXEC, 0);
}

/* Creates this image's trace and switches to it; an inherited trace (the
 * fork child's copy of the parent's mapping) is dropped afterwards.  On
 * failure prints one line and leaves the process untraced. */
int md_writer_create(enum md_trace_role kind, const char *parent, uint64_t parent_seq)
{
	char path[MD_PATH_MAX];
	long pid = md_getpid();
	uint64_t len = 0;
	char *base;
	int fd = md_memory_only ? memory_trace(path) : md_writer_open(kind, md_root, path, pid);

	if (fd < 0) {
		md_untraced(fd == -EEXIST ? "refusing to write the trace file (exists, not a regular file)"
				      : "cannot create the trace file", path,
			fd == -EEXIST ? 0 : -fd);
		md_writer_drop_mapping();
		return -1;
	}
	fd = md_fd_high(fd); /* not in the program's numbers (fds.c) */
	md_sys3(SYS_fchmod, fd, 0600, 0);
	base = map_reservation(fd, &len);
	if (!base || md_writer_first(fd) < 0) {
		md_untraced("cannot map the trace file", path, ENOMEM);
		md_sys3(SYS_close, fd, 0, 0);
		if (!md_memory_only)
			md_sys3(SYS_unlinkat, AT_FDCWD, (long)path, 0);
		md_writer_drop_mapping();
		return -1;
	}
	md_w.tsc = md_writer_use_tsc();
	fill_header((struct md_trace_header *)base, pid, parent, parent_seq, md_writer_header());
	md_writer_drop_mapping();
	md_w.fd = fd;
	md_w.map_len = len;
	md_w.cap = MD_GROW_MIN;
	md_w.grow = 0;
	md_w.seeded = 0;
	md_strlcpy(trace_path, path, sizeof trace_path);
	__atomic_store_n(&md_w.base, base, __ATOMIC_RELEASE);
	return 0;
}

void md_writer_drop_mapping(void)
{
	char *old = __atomic_exchange_n(&md_w.base, NULL, __ATOMIC_ACQ_REL);
	if (old)
		md_sys_munmap(old, md_w.map_len);
	if (md_w.fd >= 0)
		md_sys3(SYS_close, md_w.fd, 0, 0);
	md_w.fd = -1;
}

void md_writer_set_flag(uint32_t flag)
{
	struct md_trace_header *h = md_writer_header();
	if (h)
		__atomic_fetch_or(&h->flags, flag, __ATOMIC_SEQ_CST);
}

uint64_t md_writer_used(void)
{
	struct md_trace_header *h = md_writer_header();
	return h ? __atomic_load_n(&h->reserved, __ATOMIC_SEQ_CST) : 0;
}

void md_writer_close(void)
{
	if (!md_writer_header() || md_memory_only)
		return;
	/* The kernel's view at exit, for `mdtrace verify`: taken under the
	 * order lock so no recorded change can fall between it and END. */
	struct md_emit e = { .type = MD_EV_END };
	uint32_t len;
	md_order_lock();
	e.extra = md_maps_read(&len);
	e.extra_len = e.extra ? len : 0;
	md_emit(&e, NULL, 0);
	md_order_unlock();
	md_writer_set_flag(MD_TF_CLOSED);
	md_writer_trim();
}
