/* writer.c - the trace file (format.h): creation by the naming rule, the
 * MAP_SHARED reservation, lock-free md_emit, and closing.
 *
 * Naming: the first process writes md_root (MDTRACE_OUTPUT, made absolute);
 * a fork child writes <root>.<pid>; an image started by exec writes
 * <root>.<pid>.<n> with the first free n >= 1.  A name that is taken by a
 * regular file falls back to <root>.<pid>.<n>; one taken by anything else
 * (a symlink, ...) is refused and the process runs untraced. */
#define _GNU_SOURCE
#include "writer.h"
#include "sys.h"
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/auxv.h>
#include <time.h>
#include <unistd.h>

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
__thread int md_tid_cache;

static long sys(long n, long a, long b, long c)
{
	return md_syscall6(n, a, b, c, 0, 0, 0);
}

int md_tid(void)
{
	if (!md_tid_cache)
		md_tid_cache = (int)sys(SYS_gettid, 0, 0, 0);
	return md_tid_cache;
}

void md_tid_reset(void)
{
	md_tid_cache = 0;
}

long md_getpid(void)
{
	return sys(SYS_getpid, 0, 0, 0);
}

static struct md_trace_header *hdr(void)
{
	return (struct md_trace_header *)__atomic_load_n(&md_w.base, __ATOMIC_ACQUIRE);
}

int md_trace_ready(void)
{
	return hdr() != NULL;
}

const char *md_trace_path(void)
{
	return trace_path;
}

/* ---- small string helpers ---- */

size_t md_strlcpy(char *dst, const char *src, size_t cap)
{
	size_t n = strlen(src);
	if (cap) {
		size_t k = n < cap - 1 ? n : cap - 1;
		memcpy(dst, src, k);
		dst[k] = 0;
	}
	return n;
}

size_t md_strlcat(char *dst, const char *src, size_t cap)
{
	size_t d = strnlen(dst, cap);
	if (d == cap)
		return d + strlen(src);
	return d + md_strlcpy(dst + d, src, cap - d);
}

char *md_utoa(char *buf, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while (v /= 10);
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = 0;
	return buf;
}

void md_warn(const char *what, const char *path, int err)
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
	sys(SYS_write, 2, (long)line, (long)strlen(line));
}

/* ---- creation ---- */

static int open_excl(const char *p)
{
	return (int)md_syscall6(SYS_openat, AT_FDCWD, (long)p,
				O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600, 0, 0);
}

static int is_regular(const char *p)
{
	struct stat st;
	long r = md_syscall6(SYS_newfstatat, AT_FDCWD, (long)p, (long)&st,
			     AT_SYMLINK_NOFOLLOW, 0, 0);
	return r == 0 && S_ISREG(st.st_mode);
}

static void name_pid(char *out, long pid)
{
	char num[24];
	md_strlcpy(out, md_root, MD_PATH_MAX);
	md_strlcat(out, ".", MD_PATH_MAX);
	md_strlcat(out, md_utoa(num, (uint64_t)pid), MD_PATH_MAX);
}

static int open_numbered(char *out, long pid)
{
	char base[MD_PATH_MAX], num[24];
	int fd = -EEXIST;
	name_pid(base, pid);
	for (unsigned n = 1; n < 100000 && fd == -EEXIST; n++) {
		md_strlcpy(out, base, MD_PATH_MAX);
		md_strlcat(out, ".", MD_PATH_MAX);
		md_strlcat(out, md_utoa(num, n), MD_PATH_MAX);
		fd = open_excl(out);
	}
	return fd;
}

static int open_named(enum md_kind kind, char *path, long pid)
{
	int fd;
	if (kind == MD_EXECED)
		return open_numbered(path, pid);
	if (kind == MD_ROOT)
		md_strlcpy(path, md_root, MD_PATH_MAX);
	else
		name_pid(path, pid);
	fd = open_excl(path);
	if (fd == -EEXIST && is_regular(path))
		fd = open_numbered(path, pid);
	return fd;
}

/* Sets the file size to `want` with its blocks allocated: ext4 and xfs then
 * take the write faults without allocating, and a full disk shows here
 * (the record is dropped) instead of as SIGBUS in the program.  Falls back
 * to a sparse ftruncate where fallocate is not supported. */
static int extend(int fd, uint64_t from, uint64_t want)
{
	long r = md_syscall6(SYS_fallocate, fd, 0, (long)from, (long)(want - from), 0, 0);
	if (r == 0)
		return 0;
	if (r == -ENOSPC || r == -EDQUOT || r == -EFBIG)
		return -1;
	return sys(SYS_ftruncate, fd, (long)want, 0) < 0 ? -1 : 0;
}

static char *map_reservation(int fd, uint64_t *len)
{
	for (uint64_t l = MD_RESERVE; l >= MD_RESERVE_MIN; l >>= 1) {
		void *p = md_sys_mmap(NULL, l, PROT_READ | PROT_WRITE,
				      MAP_SHARED | MAP_NORESERVE, fd, 0);
		if (p != MAP_FAILED) {
			*len = l;
			return p;
		}
	}
	return NULL;
}

static uint64_t now_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- time ---- */

/* Record times come from the TSC where it ticks at one rate in every
 * state on every CPU (constant_tsc and nonstop_tsc): reading it costs a
 * third of a clock_gettime on a paravirtual clock.  A reader converts the
 * ticks with the header's (ticks, CLOCK_MONOTONIC) pairs: one taken at the
 * start, the latest refreshed off the hot path (clock_refresh). */
int md_env_monotonic;

#if defined(__x86_64__)
static uint64_t ticks(void)
{
	return __builtin_ia32_rdtsc();
}

/* Whether the first "flags" line of /proc/cpuinfo has both words.  Raw
 * reads into a stack buffer (no stdio, no malloc); a line cut off by the
 * buffer counts as absent. */
static int has_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = s; (p = strstr(p, w)); p += n)
		if ((p == s || p[-1] == ' ' || p[-1] == '\t') && (p[n] == ' ' || p[n] == 0))
			return 1;
	return 0;
}

static int cpu_tsc_ok(void)
{
	char buf[8192], *l, *end, *c;
	size_t len = 0;
	long r;
	int fd = (int)md_syscall6(SYS_openat, AT_FDCWD, (long)"/proc/cpuinfo",
				  O_RDONLY | O_CLOEXEC, 0, 0, 0);
	if (fd < 0)
		return 0;
	while (len < sizeof buf - 1) {
		r = sys(SYS_read, fd, (long)(buf + len), (long)(sizeof buf - 1 - len));
		if (r == -EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	sys(SYS_close, fd, 0, 0);
	buf[len] = 0;
	for (l = buf; (end = strchr(l, '\n')); l = end + 1) {
		*end = 0;
		if (!strncmp(l, "flags", 5) && (c = strchr(l, ':')))
			return has_word(c + 1, "constant_tsc") && has_word(c + 1, "nonstop_tsc");
	}
	return 0;
}
#else
static uint64_t ticks(void)
{
	return 0;
}

static int cpu_tsc_ok(void)
{
	return 0;
}
#endif

/* Decided once per process (a fork child inherits the answer). */
static int use_tsc(void)
{
	static int ok = -1;
	if (ok < 0)
		ok = !md_env_monotonic && cpu_tsc_ok();
	return ok;
}

static inline uint64_t rec_time(void)
{
	return md_rec_clock();
}

__thread unsigned md_hook_left __attribute__((tls_model("initial-exec")));
static __thread uint32_t hook_rng __attribute__((tls_model("initial-exec")));

uint64_t md_hook_timer(void)
{
	uint32_t x = hook_rng;
	int first = !x;
	if (first) /* seeded per thread on first use */
		x = (uint32_t)rec_time() ^ (uint32_t)md_tid() * 2654435761u ^ 1u;
	x ^= x << 13; /* xorshift32 */
	x ^= x >> 17;
	x ^= x << 5;
	hook_rng = x;
	md_hook_left = x % (2 * MD_HOOK_EVERY - 1);
	return first ? 0 : rec_time();
}

uint64_t md_now(void)
{
	return rec_time();
}


/* A (ticks, ns) pair: the tightest of a few tries brackets the clock read
 * (an interrupt between the reads would skew the pair). */
static struct md_clock_pair clock_sample(void)
{
	struct md_clock_pair p = { 0 };
	uint64_t best = UINT64_MAX;
	for (int i = 0; i < 3; i++) {
		uint64_t t1 = ticks(), ns = now_ns(CLOCK_MONOTONIC), t2 = ticks();
		if (t2 - t1 < best) {
			best = t2 - t1;
			p.ticks = t1 + (t2 - t1) / 2;
			p.ns = ns;
		}
	}
	return p;
}

/* Writes the pair that is not the latest, then makes it the latest: a
 * reader (or a SIGKILL) mid-way still has a whole pair.  One refresher at
 * a time: the caller holds the flushing turn. */
static void clock_refresh(struct md_trace_header *h)
{
	unsigned next;
	if (h->clock != MD_CLOCK_TSC)
		return;
	next = __atomic_load_n(&h->clock_cur, __ATOMIC_RELAXED) == 1 ? 2 : 1;
	h->clock_pair[next] = clock_sample();
	__atomic_store_n(&h->clock_cur, next, __ATOMIC_RELEASE);
}

/* The start pair; a fork child keeps its parent's pairs (the same clocks,
 * a longer baseline, and a latest pair from the first record on). */
static void clock_start(struct md_trace_header *h, const struct md_trace_header *parent)
{
	unsigned cur;
	h->clock = md_w.tsc ? MD_CLOCK_TSC : MD_CLOCK_MONOTONIC;
	if (!md_w.tsc)
		return;
	if (parent && parent->clock == MD_CLOCK_TSC &&
	    ((cur = __atomic_load_n(&parent->clock_cur, __ATOMIC_ACQUIRE)) == 1 || cur == 2)) {
		h->clock_pair[0] = parent->clock_pair[0];
		h->clock_pair[1] = parent->clock_pair[cur];
		h->clock_cur = 1;
		return;
	}
	h->clock_pair[0] = clock_sample();
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
	h->ppid = (int32_t)sys(SYS_getppid, 0, 0, 0);
	h->parent_seq = parent_seq;
	h->start_realtime_ns = now_ns(CLOCK_REALTIME);
	clock_start(h, inherited);
	h->stack_depth = md_stack_depth;
	h->hook_every = MD_HOOK_EVERY;
	if (getrlimit(RLIMIT_STACK, &rl) == 0)
		h->stack_limit = rl.rlim_cur;
	h->brk_start = (uint64_t)sys(SYS_brk, 0, 0, 0);
	if (parent)
		md_strlcpy(h->parent_trace, parent, sizeof h->parent_trace);
	n = md_syscall6(SYS_readlinkat, AT_FDCWD, (long)"/proc/self/exe", (long)h->exe,
			sizeof h->exe - 1, 0, 0);
	if (n < 0)
		h->exe[0] = 0;
}

/* Creates this image's trace and switches to it; an inherited trace (the
 * fork child's copy of the parent's mapping) is dropped afterwards.  On
 * failure prints one line and leaves the process untraced. */
int md_trace_create(enum md_kind kind, const char *parent, uint64_t parent_seq)
{
	char path[MD_PATH_MAX];
	long pid = md_getpid();
	uint64_t len = 0;
	char *base;
	int fd = open_named(kind, path, pid);

	if (fd < 0) {
		md_warn(fd == -EEXIST ? "refusing to write the trace file (exists, not a regular file)"
				      : "cannot create the trace file", path,
			fd == -EEXIST ? 0 : -fd);
		md_trace_drop_mapping();
		return -1;
	}
	sys(SYS_fchmod, fd, 0600, 0);
	base = map_reservation(fd, &len);
	if (!base || extend(fd, 0, MD_GROW_MIN) < 0) {
		md_warn("cannot map the trace file", path, ENOMEM);
		sys(SYS_close, fd, 0, 0);
		sys(SYS_unlinkat, AT_FDCWD, (long)path, 0);
		md_trace_drop_mapping();
		return -1;
	}
	md_w.tsc = use_tsc();
	fill_header((struct md_trace_header *)base, pid, parent, parent_seq, hdr());
	md_trace_drop_mapping();
	md_w.fd = fd;
	md_w.map_len = len;
	md_w.cap = MD_GROW_MIN;
	md_w.grow = 0;
	md_w.seeded = 0;
	md_strlcpy(trace_path, path, sizeof trace_path);
	__atomic_store_n(&md_w.base, base, __ATOMIC_RELEASE);
	return 0;
}

void md_trace_drop_mapping(void)
{
	char *old = __atomic_exchange_n(&md_w.base, NULL, __ATOMIC_ACQ_REL);
	if (old)
		md_sys_munmap(old, md_w.map_len);
	if (md_w.fd >= 0)
		sys(SYS_close, md_w.fd, 0, 0);
	md_w.fd = -1;
}

void md_trace_set_flag(uint32_t flag)
{
	struct md_trace_header *h = hdr();
	if (h)
		__atomic_fetch_or(&h->flags, flag, __ATOMIC_SEQ_CST);
}

uint64_t md_trace_used(void)
{
	struct md_trace_header *h = hdr();
	return h ? __atomic_load_n(&h->reserved, __ATOMIC_SEQ_CST) : 0;
}

/* ---- growing ---- */

/* Returns 1 with the lock, 0 when this thread already holds it (a signal
 * handler interrupting a grow: the caller drops its record). */
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
			sys(SYS_sched_yield, 0, 0, 0);
	}
}

static void grow_unlock(void)
{
	__atomic_store_n(&md_w.grow, 0, __ATOMIC_RELEASE);
}

/* Makes the file cover `end` and MD_GROW_MIN/2 beyond it, growing by a
 * quarter at least.  Called with the grow lock. */
static int grow(uint64_t end)
{
	uint64_t cap = __atomic_load_n(&md_w.cap, __ATOMIC_SEQ_CST), want, ahead;
	if (end + MD_GROW_MIN / 2 > cap && cap < md_w.map_len) {
		ahead = cap / 4 > MD_GROW_MIN ? cap / 4 : MD_GROW_MIN;
		want = (end + ahead + 4095) & ~4095ull;
		if (want > md_w.map_len)
			want = md_w.map_len;
		if (extend(md_w.fd, cap, want) == 0)
			cap = want;
		else if (end > cap && extend(md_w.fd, cap, end) == 0)
			cap = end;
		__atomic_store_n(&md_w.cap, cap, __ATOMIC_SEQ_CST);
	}
	return end <= cap;
}

/* Makes the file cover [0, end): no one writes past EOF (the body through
 * the mapping or pwrite).  Near the end one writer grows ahead while the
 * others go on. */
static int ensure(uint64_t end)
{
	int ok;
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
	if (end > md_w.map_len || !grow_lock())
		return 0;
	ok = grow(end);
	grow_unlock();
	return ok;
}

static void flush_all(void);

/* Cuts the file to the bytes handed out so far, the ring copied into the
 * body first.  cap is zeroed before `reserved` is read, so a writer either
 * reserved before that read (and is inside the new size) or sees cap below
 * its record and grows again under the lock. */
void md_trace_trim(void)
{
	struct md_trace_header *h = hdr();
	uint64_t r;
	if (!h)
		return;
	flush_all();
	if (!grow_lock())
		return;
	__atomic_store_n(&md_w.cap, 0, __ATOMIC_SEQ_CST);
	r = __atomic_load_n(&h->reserved, __ATOMIC_SEQ_CST);
	if (r > md_w.map_len)
		r = md_w.map_len;
	if (sys(SYS_ftruncate, md_w.fd, (long)r, 0) < 0) {
		struct stat st;
		r = sys(SYS_fstat, md_w.fd, (long)&st, 0) == 0 ? (uint64_t)st.st_size : 0;
	}
	__atomic_store_n(&md_w.cap, r, __ATOMIC_SEQ_CST);
	grow_unlock();
}

void md_trace_close(void)
{
	if (!hdr())
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
	md_trace_set_flag(MD_TF_CLOSED);
	md_trace_trim();
}

/* ---- emitting ---- */

static char *ring(void)
{
	return md_w.base + MD_TRACE_HEADER;
}

#define ring_pos md_ring_pos

/* Whether r is the record of body offset `off` in state `want`.  The tag
 * is read before the commit word: a writer stores WRITING, then the tag,
 * so once this record's tag shows, an older lap's COMMIT no longer can. */
static int rec_is(const struct md_rec *r, uint64_t off, uint32_t want, uint64_t room)
{
	if (__atomic_load_n(&r->tag, __ATOMIC_ACQUIRE) != MD_REC_TAG(off) ||
	    __atomic_load_n(&r->commit, __ATOMIC_ACQUIRE) != want)
		return 0;
	return r->size >= sizeof *r && r->size <= room && r->size % 8 == 0;
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
	uint64_t t0 = rec_time();
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
	__atomic_fetch_add(&h->flush_time, rec_time() - t0, __ATOMIC_RELAXED);
	clock_refresh(h);
	__atomic_store_n(&h->flushing, 0, __ATOMIC_RELEASE);
	return 1;
}

/* A fresh latest clock pair, unless someone (maybe this thread, in a
 * signal handler) is flushing: that refreshes it too. */
void md_trace_clock_refresh(void)
{
	struct md_trace_header *h = hdr();
	int z = 0;
	if (!h || h->clock != MD_CLOCK_TSC ||
	    !__atomic_compare_exchange_n(&h->flushing, &z, md_tid(), 0, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		return;
	clock_refresh(h);
	__atomic_store_n(&h->flushing, 0, __ATOMIC_RELEASE);
}

/* Close and exec: copy what is complete, waiting a bounded while for a
 * flusher on another thread to finish its turn. */
static void flush_all(void)
{
	struct md_trace_header *h = hdr();
	for (int i = 0; h && i < 1000; i++) {
		if (__atomic_load_n(&h->flushing, __ATOMIC_RELAXED) == md_tid() || flush(h))
			return;
		sys(SYS_sched_yield, 0, 0, 0);
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
	struct md_trace_header *h = hdr();
	return h ? __atomic_fetch_add(&h->next_seq, 1, __ATOMIC_SEQ_CST) : 0;
}

/* The general path: a record with a payload, or one that must go to the
 * body, wait for growth or start a flush (md_emit_inline takes the rest). */
uint64_t md_emit_place(const struct md_emit *e, const uint64_t *frames, unsigned nframes,
		       uint64_t seq, int tid, uint64_t off, uint32_t size, uint64_t x1, uint64_t x2)
{
	struct md_trace_header *h = hdr();
	struct md_rec *r;
	if (!seq)
		seq = __atomic_fetch_add(&h->next_seq, 1, __ATOMIC_SEQ_CST);
	if (!ensure(off + size)) {
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
	struct md_trace_header *h = hdr();
	if (h)
		flush(h);
}

uint64_t md_emit_at(const struct md_emit *e, const uint64_t *frames, unsigned nframes,
		    uint64_t seq, int tid)
{
	struct md_trace_header *h = hdr();
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
	size = (uint32_t)((fixed + x1 + x2 + 7) & ~7ull);
	off = __atomic_fetch_add(&h->reserved, size, __ATOMIC_SEQ_CST);
	return md_emit_place(e, frames, nframes, seq, tid, off, size, x1, x2);
}

uint64_t md_emit(const struct md_emit *e, const uint64_t *frames, unsigned nframes)
{
	return md_emit_at(e, frames, nframes, 0, 0);
}

int md_trace_scan(uint64_t from, int (*fn)(const struct md_rec *r, void *ctx), void *ctx)
{
	struct md_trace_header *h = hdr();
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
	n = md_stack(frames, md_stack_depth, skip + 1);
	md_in_hook--;
	md_emit(&e, frames, n);
	md_order_unlock();
	md_trace_clock_refresh();
	errno = saved;
}

/* ---- tool memory ---- */

static void tool_record(uint16_t type, void *p, size_t len, long ret)
{
	struct md_emit e = { .type = type, .flags = MD_RF_TOOL | MD_RF_RAW_SYSCALL };
	e.args[0] = (uint64_t)p;
	e.args[1] = len;
	if (type == MD_EV_MMAP) {
		e.args[0] = 0;
		e.args[2] = PROT_READ | PROT_WRITE;
		e.args[3] = MAP_PRIVATE | MAP_ANONYMOUS;
		e.args[4] = (uint64_t)-1;
	}
	e.ret = (uint64_t)ret;
	if (ret < 0 && ret > -4096) {
		e.err = (int)-ret;
	}
	md_emit(&e, NULL, 0);
}

void *md_tool_map(size_t len)
{
	long r;
	void *p;
	md_order_lock();
	r = md_syscall6(SYS_mmap, 0, (long)len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (md_w.seeded)
		tool_record(MD_EV_MMAP, NULL, len, r);
	md_order_unlock();
	p = (unsigned long)r > -4096UL ? NULL : (void *)r;
	return p;
}

void md_tool_unmap(void *p, size_t len)
{
	long r;
	md_order_lock();
	r = md_syscall6(SYS_munmap, (long)p, (long)len, 0, 0, 0, 0);
	if (md_w.seeded)
		tool_record(MD_EV_MUNMAP, p, len, r);
	md_order_unlock();
}

/* ---- /proc/self/maps ---- */

static char *mbuf;
static size_t mcap;

/* Reads the whole file into one buffer; when the buffer must grow the read
 * starts again, so the text is one snapshot taken after the growth. */
const char *md_maps_read(uint32_t *len)
{
	size_t off = 0;
	int fd;
	long r;
	*len = 0;
	if (!mbuf) {
		mcap = 256 << 10;
		if (!(mbuf = md_tool_map(mcap)))
			return NULL;
	}
	fd = (int)sys(SYS_openat, AT_FDCWD, (long)"/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		r = sys(SYS_read, fd, (long)(mbuf + off), (long)(mcap - off));
		if (r == -EINTR)
			continue;
		if (r <= 0)
			break;
		off += (size_t)r;
		if (off == mcap) {
			char *nb = mcap * 2 <= MD_REC_MAX / 2 ? md_tool_map(mcap * 2) : NULL;
			if (!nb)
				break;
			md_tool_unmap(mbuf, mcap);
			mbuf = nb;
			mcap *= 2;
			off = 0;
			sys(SYS_lseek, fd, 0, SEEK_SET);
		}
	}
	sys(SYS_close, fd, 0, 0);
	*len = (uint32_t)off;
	return mbuf;
}

void md_emit_seed(void)
{
	struct md_emit e = { .type = MD_EV_SEED };
	uint32_t len;
	md_order_lock();
	e.extra = md_maps_read(&len);
	e.extra_len = len;
	md_emit(&e, NULL, 0);
	md_w.seeded = 1;
	md_order_unlock();
}
