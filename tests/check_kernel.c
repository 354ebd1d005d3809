/* check_kernel.c - the range table against the kernel's own view.
 *
 * Each test makes real mapping calls in its own process (Check forks one
 * child per test), mirrors every successful call into a table seeded from
 * /proc/self/maps, and after every step compares the table with
 * /proc/self/maps, page by page, inside address windows the test owns.
 * Windows sit far below the libraries and are reserved with PROT_NONE, so
 * neither libc nor the table's own arenas ever land inside them.  Where
 * mdtrace-verdicts(7) says a page keeps (or loses) its identity, the table's
 * (object, offset) must agree with the kernel's evidence: (dev, inode,
 * offset) for shared pages, frame numbers or presence for private ones. */
#define _GNU_SOURCE
#include "check_main.h"
#include "kmaps.h"
#include "table.h"
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xlat.h" /* MREMAP_DONTUNMAP where libc lacks it */

#define RW (PROT_READ | PROT_WRITE)
#define ANON_P (MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)
#define ANON_S (MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED)
#define MOVE (MREMAP_MAYMOVE | MREMAP_FIXED)

struct kctx {
	struct md_table *t;
	uint64_t ev;
	size_t ps;
	size_t nwin;
	struct km_range win[8];
	uint64_t brk;      /* last break mirrored, 0: not watching brk */
	char step[256];
	char msg[4096];
};

static struct kctx C;
static struct km_maps M;

#define P (C.ps)

/* ---------- the oracle ---------- */

/* glibc's malloc may move the break between our steps (Check itself
 * allocates); mirror such moves as a hook would see them. */
static void sync_brk(void)
{
	uint64_t cur = (uint64_t)(uintptr_t)sbrk(0);
	if (C.brk && cur != C.brk) {
		ck_assert_int_eq(md_table_brk(C.t, C.brk, cur, ++C.ev), 0);
		C.brk = cur;
	}
}

static void verify(void)
{
	sync_brk();
	ck_assert_msg(km_read(&M) == 0, "cannot read /proc/self/maps");
	const char *bad = md_table_check(C.t);
	ck_assert_msg(!bad, "after %s: table invariant broken: %s", C.step, bad);
	int diff = km_compare(&M, C.t, C.win, C.nwin, C.msg, sizeof C.msg);
	ck_assert_msg(!diff, "after %s:\n%s", C.step, C.msg);
}

static void step(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void step(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(C.step, sizeof C.step, fmt, ap);
	va_end(ap);
}

static void start(void)
{
	C.ps = (size_t)sysconf(_SC_PAGESIZE);
	C.t = md_table_new((unsigned)C.ps, MD_POLICY_CONTRACT);
	ck_assert_ptr_nonnull(C.t);
	ck_assert_int_eq(km_read(&M), 0);
	ck_assert_int_gt(md_table_seed(C.t, M.text, M.len, ++C.ev), 0);
	step("seeding");
}

/* ---------- mirrored calls ---------- */

static void mirror_map(void *p, size_t len, int prot, int flags, int fd, off_t off)
{
	struct md_map_req r = {.start = (uintptr_t)p, .len = len, .prot = (uint8_t)prot};
	int shared = (flags & MAP_TYPE) != MAP_PRIVATE;
	char path[PATH_MAX] = "";
	if (flags & MAP_ANONYMOUS) {
		r.kind = shared ? MD_ANON_SHARED : MD_ANON_PRIVATE;
	} else {
		struct stat st;
		char link[64];
		ck_assert_int_eq(fstat(fd, &st), 0);
		snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
		ssize_t n = readlink(link, path, sizeof path - 1);
		path[n > 0 ? n : 0] = 0;
		r.kind = shared ? MD_FILE_SHARED : MD_FILE_PRIVATE;
		r.dev = st.st_dev;
		r.ino = st.st_ino;
		r.off = (uint64_t)off;
		r.path = path;
	}
	ck_assert_int_eq(md_table_map(C.t, &r, ++C.ev), 0);
}

static char *k_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = mmap(addr, len, prot, flags, fd, off);
	ck_assert_msg(p != MAP_FAILED, "mmap(%p, %#zx): %s", addr, len, strerror(errno));
	step("mmap(%p, %#zx, prot %d, flags %#x, fd %d, off %#llx) = %p", addr, len, prot,
	     flags, fd, (unsigned long long)off, p);
	mirror_map(p, len, prot, flags, fd, off);
	verify();
	return p;
}

static void k_munmap(void *addr, size_t len)
{
	ck_assert_msg(munmap(addr, len) == 0, "munmap: %s", strerror(errno));
	step("munmap(%p, %#zx)", addr, len);
	ck_assert_int_eq(md_table_unmap(C.t, (uintptr_t)addr, len, ++C.ev), 0);
	verify();
}

static char *k_mremap(void *old, size_t oldlen, size_t newlen, int flags, void *to)
{
	void *p = mremap(old, oldlen, newlen, flags, to);
	ck_assert_msg(p != MAP_FAILED, "mremap(%p, %#zx, %#zx, %#x, %p): %s", old, oldlen,
		      newlen, flags, to, strerror(errno));
	step("mremap(%p, %#zx, %#zx, flags %#x, %p) = %p", old, oldlen, newlen, flags, to, p);
	ck_assert_int_eq(md_table_remap(C.t, (uintptr_t)old, oldlen, (uintptr_t)p, newlen,
					flags, ++C.ev), 0);
	verify();
	return p;
}

static void k_mprotect(void *addr, size_t len, int prot)
{
	ck_assert_msg(mprotect(addr, len, prot) == 0, "mprotect: %s", strerror(errno));
	step("mprotect(%p, %#zx, %d)", addr, len, prot);
	ck_assert_int_eq(md_table_protect(C.t, (uintptr_t)addr, len, (unsigned)prot, ++C.ev), 0);
	verify();
}

static void k_madvise(void *addr, size_t len, int advice)
{
	ck_assert_msg(madvise(addr, len, advice) == 0, "madvise: %s", strerror(errno));
	step("madvise(%p, %#zx, %d)", addr, len, advice);
	ck_assert_int_eq(md_table_advise(C.t, (uintptr_t)addr, len, advice, ++C.ev), 0);
	verify();
}

/* A segment that dies with this process however it ends: a keeper
 * attachment outside the windows holds it while it is already marked for
 * removal (Linux still lets us attach it by id). */
static int shm_new(size_t size)
{
	int id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
	ck_assert_msg(id >= 0, "shmget: %s", strerror(errno));
	void *keeper = shmat(id, NULL, SHM_RDONLY);
	int rm = shmctl(id, IPC_RMID, NULL);
	ck_assert_msg(keeper != (void *)-1 && rm == 0, "shm keeper: %s", strerror(errno));
	return id;
}

static char *k_shmat(int id, void *addr, int flg)
{
	struct shmid_ds ds;
	void *p = shmat(id, addr, flg);
	ck_assert_msg(p != (void *)-1, "shmat: %s", strerror(errno));
	ck_assert_int_eq(shmctl(id, IPC_STAT, &ds), 0);
	step("shmat(%d, %p, %#x) = %p", id, addr, flg, p);
	unsigned prot = flg & SHM_RDONLY ? MD_PROT_R : MD_PROT_R | MD_PROT_W;
	ck_assert_int_eq(md_table_shmat(C.t, (uintptr_t)p, ds.shm_segsz, (uint64_t)id, prot,
					++C.ev), 0);
	verify();
	return p;
}

static void k_shmdt(void *addr)
{
	ck_assert_msg(shmdt(addr) == 0, "shmdt: %s", strerror(errno));
	step("shmdt(%p)", addr);
	ck_assert_int_eq(md_table_shmdt(C.t, (uintptr_t)addr, ++C.ev), 0);
	verify();
}

static void k_sbrk(intptr_t incr)
{
	sync_brk();
	void *old = sbrk(incr);
	ck_assert_msg(old != (void *)-1, "sbrk(%jd): %s", (intmax_t)incr, strerror(errno));
	uint64_t now = (uint64_t)(uintptr_t)sbrk(0);
	step("sbrk(%jd): %p -> %#llx", (intmax_t)incr, old, (unsigned long long)now);
	ck_assert_int_eq(md_table_brk(C.t, (uintptr_t)old, now, ++C.ev), 0);
	C.brk = now;
	verify();
}

/* A window of `pages` pages the test owns: PROT_NONE until carved. */
static char *window(size_t pages)
{
	uint64_t a = 0x3e0000000000ULL + (uint64_t)C.nwin * (1ULL << 32);
	void *p;
	ck_assert_uint_lt(C.nwin, sizeof C.win / sizeof C.win[0]);
	for (;; a += 1ULL << 28) {
		p = mmap((void *)(uintptr_t)a, pages * P, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
		if (p == (void *)(uintptr_t)a)
			break;
		ck_assert_msg(p == MAP_FAILED && errno == EEXIST, "window: %s", strerror(errno));
	}
	C.win[C.nwin++] = (struct km_range){a, a + pages * P};
	step("reserving window %p", p);
	mirror_map(p, pages * P, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	verify();
	return p;
}

static int memfd(size_t size)
{
	int fd = memfd_create("md-kernel", MFD_CLOEXEC);
	ck_assert_msg(fd >= 0, "memfd_create: %s", strerror(errno));
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	return fd;
}

/* ---------- identity evidence ---------- */

static void snap(const char *addr, size_t pages, struct km_page *out)
{
	ck_assert_int_eq(km_read(&M), 0);
	for (size_t i = 0; i < pages; i++)
		km_page(&M, C.t, (uintptr_t)addr + i * P, &out[i]);
}

static int pfn_visible(void)
{
	static int v = -1;
	if (v < 0) {
		v = km_pfn_visible();
		if (!v)
			printf("note: /proc/self/pagemap hides frame numbers; "
			       "frame-number checks skipped\n");
	}
	return v;
}

/* What the kernel says: 1 same memory, 0 different, -1 cannot tell. */
static int kernel_same(const struct km_page *a, const struct km_page *b)
{
	if (!a->kmapped || !b->kmapped)
		return 0;
	if (a->kshared && b->kshared)
		return a->kdev == b->kdev && a->kino == b->kino && a->koff == b->koff;
	if (a->kshared != b->kshared)
		return 0;
	/* private: a dropped page is new memory; a moved page keeps its frame */
	if (a->present && !b->present)
		return 0;
	if (a->present && b->present && pfn_visible())
		return a->pfn == b->pfn;
	return -1;
}

/* Page i of `before` and of `after` must be the same memory (kept = 1) or
 * not (kept = 0), by mdtrace-verdicts(7); the table must say so, and so must the
 * kernel wherever it can tell. */
static void expect_identity(const struct km_page *before, const struct km_page *after,
			    size_t n, int kept, const char *what)
{
	for (size_t i = 0; i < n; i++) {
		const struct km_page *a = &before[i], *b = &after[i];
		int tsame = a->tmapped && b->tmapped && a->obj == b->obj && a->off == b->off;
		ck_assert_msg(tsame == kept,
			      "%s, page %zu: table %#llx obj %llu off %#llx -> %#llx obj %llu "
			      "off %#llx, mdtrace-verdicts(7) says identity %s",
			      what, i, (unsigned long long)a->addr, (unsigned long long)a->obj,
			      (unsigned long long)a->off, (unsigned long long)b->addr,
			      (unsigned long long)b->obj, (unsigned long long)b->off,
			      kept ? "kept" : "changed");
		int ks = kernel_same(a, b);
		ck_assert_msg(ks < 0 || ks == kept,
			      "%s, page %zu: kernel disagrees with the table: %#llx (%llu, off "
			      "%#llx, pfn %#llx) -> %#llx (%llu, off %#llx, pfn %#llx)",
			      what, i, (unsigned long long)a->addr, (unsigned long long)a->kino,
			      (unsigned long long)a->koff, (unsigned long long)a->pfn,
			      (unsigned long long)b->addr, (unsigned long long)b->kino,
			      (unsigned long long)b->koff, (unsigned long long)b->pfn);
	}
}

static void fill(char *p, size_t pages, int seed)
{
	for (size_t i = 0; i < pages; i++)
		memset(p + i * P, seed + (int)i, P);
}

static void expect_fill(const char *p, size_t pages, int seed)
{
	for (size_t i = 0; i < pages; i++)
		for (size_t j = 0; j < P; j += 512)
			ck_assert_msg(p[i * P + j] == (char)(seed + (int)i),
				      "page %zu at %p holds %d, want %d", i, (void *)(p + i * P),
				      p[i * P + j], (char)(seed + (int)i));
}

#define NPG 16
static struct km_page B[NPG], A[NPG];

/* ---------- tests ---------- */

START_TEST(test_seed_matches_seeding_snapshot)
{
	/* every line of the text the table was seeded from, as the kernel
	 * printed it (later reads differ: the table's own arenas grow) */
	static struct km_range r[KM_MAX_LINES];
	start();
	for (size_t i = 0; i < M.n; i++)
		r[i] = (struct km_range){M.v[i].start, M.v[i].end};
	int diff = km_compare(&M, C.t, r, M.n, C.msg, sizeof C.msg);
	ck_assert_msg(!diff, "seeded table against its own maps text:\n%s", C.msg);
	window(16);
}
END_TEST

START_TEST(test_anon_private_map)
{
	start();
	char *w = window(16);
	char *p = k_mmap(w + 2 * P, 4 * P, RW, ANON_P, -1, 0);
	fill(p, 4, 1);
	k_mmap(w + 8 * P, 2 * P, PROT_READ | PROT_EXEC, ANON_P, -1, 0);
}
END_TEST

START_TEST(test_anon_shared_calls_are_distinct)
{
	start();
	char *w = window(16);
	/* adjacent shared mappings from two calls: two objects, two inodes */
	k_mmap(w, 4 * P, RW, ANON_S, -1, 0);
	k_mmap(w + 4 * P, 4 * P, RW, ANON_S, -1, 0);
	snap(w, 8, B);
	ck_assert_uint_ne(B[0].kino, B[4].kino);
	ck_assert_uint_ne(B[0].obj, B[4].obj);
}
END_TEST

START_TEST(test_map_fixed_replaces)
{
	start();
	char *w = window(16);
	int fd = memfd(8 * P);
	char *p = k_mmap(w, 8 * P, RW, ANON_P, -1, 0);
	fill(p, 8, 1);
	snap(w, 8, B);
	k_mmap(w + 2 * P, 3 * P, RW, MAP_SHARED | MAP_FIXED, fd, (off_t)(4 * P));
	snap(w, 8, A);
	expect_identity(B, A, 2, 1, "pages below the MAP_FIXED");
	expect_identity(B + 2, A + 2, 3, 0, "pages under the MAP_FIXED");
	expect_identity(B + 5, A + 5, 3, 1, "pages above the MAP_FIXED");
	/* and anonymous over the file again: new memory once more */
	k_mmap(w + 3 * P, P, RW, ANON_P, -1, 0);
	snap(w, 8, B);
	expect_identity(A + 3, B + 3, 1, 0, "anonymous MAP_FIXED over the file");
	expect_identity(A + 2, B + 2, 1, 1, "file page beside it");
	close(fd);
}
END_TEST

START_TEST(test_munmap_whole)
{
	start();
	char *w = window(16);
	char *p = k_mmap(w + 4 * P, 4 * P, RW, ANON_P, -1, 0);
	fill(p, 4, 1);
	k_munmap(p, 4 * P);
}
END_TEST

START_TEST(test_munmap_partial_keeps_rest)
{
	start();
	char *w = window(16);
	char *p = k_mmap(w, 8 * P, RW, ANON_P, -1, 0);
	fill(p, 8, 1);
	snap(w, 8, B);
	k_munmap(p + 3 * P, 2 * P);
	snap(w, 8, A);
	expect_identity(B, A, 3, 1, "below the hole");
	expect_identity(B + 5, A + 5, 3, 1, "above the hole");
	expect_fill(p, 3, 1);
	expect_fill(p + 5 * P, 3, 6);
}
END_TEST

START_TEST(test_munmap_front_of_file_mapping)
{
	start();
	char *w = window(16);
	int fd = memfd(16 * P);
	char *p = k_mmap(w, 6 * P, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, (off_t)(4 * P));
	k_munmap(p, 2 * P); /* the rest must now start at file offset 6 pages */
	k_munmap(p + 5 * P, P);
	close(fd);
}
END_TEST

START_TEST(test_mremap_grow_in_place)
{
	start();
	char *w = window(16);
	char *p = k_mmap(w, 4 * P, RW, ANON_P, -1, 0);
	fill(p, 4, 1);
	snap(w, 4, B);
	k_munmap(w + 4 * P, 4 * P);
	char *q = k_mremap(p, 4 * P, 8 * P, 0, NULL);
	ck_assert_ptr_eq(q, p);
	snap(w, 4, A);
	expect_identity(B, A, 4, 1, "grown mapping's old pages");
	expect_fill(q, 4, 1);
}
END_TEST

START_TEST(test_mremap_grow_in_place_memfd)
{
	start();
	char *w = window(16);
	int fd = memfd(16 * P);
	char *p = k_mmap(w, 3 * P, RW, MAP_SHARED | MAP_FIXED, fd, (off_t)P);
	k_munmap(w + 3 * P, 5 * P);
	/* the added pages continue the file at offsets 4..8 pages */
	ck_assert_ptr_eq(k_mremap(p, 3 * P, 8 * P, 0, NULL), p);
	close(fd);
}
END_TEST

START_TEST(test_mremap_shrink)
{
	start();
	char *w = window(16);
	char *p = k_mmap(w, 8 * P, RW, ANON_P, -1, 0);
	fill(p, 8, 1);
	snap(w, 3, B);
	ck_assert_ptr_eq(k_mremap(p, 8 * P, 3 * P, 0, NULL), p);
	snap(w, 3, A);
	expect_identity(B, A, 3, 1, "pages a shrink keeps");
}
END_TEST

START_TEST(test_mremap_move_private_anon)
{
	start();
	char *w = window(16);
	char *p = k_mmap(w, 4 * P, RW, ANON_P, -1, 0);
	fill(p, 4, 1);
	snap(p, 4, B);
	/* onto the live PROT_NONE reservation further up the window */
	char *q = k_mremap(p, 4 * P, 4 * P, MOVE, w + 8 * P);
	snap(q, 4, A);
	expect_identity(B, A, 4, 1, "private pages moved by mremap");
	expect_fill(q, 4, 1);
}
END_TEST

START_TEST(test_mremap_move_anywhere)
{
	start();
	char *w = window(16);
	char *p = k_mmap(w, 4 * P, RW, ANON_P, -1, 0);
	fill(p, 4, 1);
	snap(p, 4, B);
	/* block growth in place so the kernel must choose a new place */
	char *q = mremap(p, 4 * P, 6 * P, MREMAP_MAYMOVE);
	ck_assert_msg(q != MAP_FAILED, "mremap: %s", strerror(errno));
	ck_assert_ptr_ne(q, p);
	step("mremap(%p, 4 pages, 6 pages, MAYMOVE) = %p", p, q);
	ck_assert_int_eq(md_table_remap(C.t, (uintptr_t)p, 4 * P, (uintptr_t)q, 6 * P,
					MREMAP_MAYMOVE, ++C.ev), 0);
	C.win[C.nwin++] = (struct km_range){(uintptr_t)q, (uintptr_t)q + 6 * P};
	verify();
	snap(q, 4, A);
	expect_identity(B, A, 4, 1, "private pages moved to the kernel's choice");
}
END_TEST

START_TEST(test_mremap_move_shared_memfd)
{
	start();
	char *w = window(32);
	int fd = memfd(8 * P);
	char *p = k_mmap(w, 4 * P, RW, MAP_SHARED | MAP_FIXED, fd, (off_t)(2 * P));
	fill(p, 4, 1);
	snap(p, 4, B);
	char *q = k_mremap(p, 4 * P, 4 * P, MOVE, w + 16 * P);
	snap(q, 4, A);
	expect_identity(B, A, 4, 1, "shared memfd pages moved by mremap");
	expect_fill(q, 4, 1);
	close(fd);
}
END_TEST

START_TEST(test_mremap_move_grow)
{
	start();
	char *w = window(32);
	char *p = k_mmap(w, 4 * P, RW, ANON_P, -1, 0);
	fill(p, 4, 1);
	snap(p, 4, B);
	char *q = k_mremap(p, 4 * P, 7 * P, MOVE, w + 16 * P);
	snap(q, 4, A);
	expect_identity(B, A, 4, 1, "moved and grown mapping's old pages");
	/* the added private pages are new zero-filled memory: a new object */
	const struct md_piece *x = md_table_find(C.t, (uintptr_t)q + 5 * P);
	ck_assert_ptr_nonnull(x);
	ck_assert_uint_ne(x->obj, A[0].obj);
	for (size_t i = 4 * P; i < 7 * P; i += 512)
		ck_assert_msg(q[i] == 0, "grown page byte %zu is %d, not zero", i, q[i]);
}
END_TEST

START_TEST(test_mremap_move_shrink_memfd)
{
	start();
	char *w = window(32);
	int fd = memfd(8 * P);
	char *p = k_mmap(w, 6 * P, RW, MAP_SHARED | MAP_FIXED, fd, (off_t)P);
	snap(p, 2, B);
	char *q = k_mremap(p, 6 * P, 2 * P, MOVE, w + 20 * P);
	snap(q, 2, A);
	expect_identity(B, A, 2, 1, "pages a shrinking move carries");
	close(fd);
}
END_TEST

START_TEST(test_mremap_fixed_replaces_live)
{
	start();
	char *w = window(32);
	int fd = memfd(8 * P);
	char *a = k_mmap(w, 4 * P, RW, ANON_P, -1, 0);
	fill(a, 4, 1);
	char *b = k_mmap(w + 8 * P, 6 * P, RW, MAP_SHARED | MAP_FIXED, fd, 0);
	snap(a, 4, B);
	snap(b, 6, A);
	/* a lands on b's first four pages; b's last two stay the file */
	ck_assert_ptr_eq(k_mremap(a, 4 * P, 4 * P, MOVE, b), b);
	struct km_page N[6];
	snap(b, 6, N);
	expect_identity(B, N, 4, 1, "pages carried onto a live mapping");
	expect_identity(A, N, 4, 0, "live pages the move replaced");
	expect_identity(A + 4, N + 4, 2, 1, "live pages beside the destination");
	close(fd);
}
END_TEST

/* MREMAP_DONTUNMAP: returns 0 and prints a note when the kernel refuses. */
static char *try_dontunmap(char *p, size_t len, char *to)
{
	char *q = mremap(p, len, len, MOVE | MREMAP_DONTUNMAP, to);
	if (q == MAP_FAILED) {
		printf("note: kernel refuses MREMAP_DONTUNMAP here (%s); test skipped\n",
		       strerror(errno));
		return NULL;
	}
	step("mremap(%p, %#zx, DONTUNMAP, %p) = %p", p, len, to, q);
	ck_assert_int_eq(md_table_remap(C.t, (uintptr_t)p, len, (uintptr_t)q, len,
					MOVE | MREMAP_DONTUNMAP, ++C.ev), 0);
	verify();
	return q;
}

START_TEST(test_mremap_dontunmap_private)
{
	start();
	char *w = window(32);
	char *p = k_mmap(w, 4 * P, RW, ANON_P, -1, 0);
	fill(p, 4, 1);
	snap(p, 4, B);
	char *q = try_dontunmap(p, 4 * P, w + 16 * P);
	if (!q)
		return;
	snap(q, 4, A);
	expect_identity(B, A, 4, 1, "pages DONTUNMAP moved");
	struct km_page O[4];
	snap(p, 4, O);
	expect_identity(B, O, 4, 0, "old range DONTUNMAP left behind");
	expect_fill(q, 4, 1);
	for (size_t i = 0; i < 4 * P; i += 512)
		ck_assert_int_eq(p[i], 0);
}
END_TEST

START_TEST(test_mremap_dontunmap_shared_memfd)
{
	start();
	char *w = window(32);
	int fd = memfd(8 * P);
	char *p = k_mmap(w, 4 * P, RW, MAP_SHARED | MAP_FIXED, fd, (off_t)P);
	fill(p, 4, 1);
	snap(p, 4, B);
	char *q = try_dontunmap(p, 4 * P, w + 16 * P);
	if (!q)
		return;
	snap(q, 4, A);
	expect_identity(B, A, 4, 1, "shared pages DONTUNMAP moved");
	struct km_page O[4];
	snap(p, 4, O);
	expect_identity(B, O, 4, 1, "shared old range DONTUNMAP left behind");
	expect_fill(p, 4, 1);
	close(fd);
}
END_TEST

START_TEST(test_mremap_dup_shared_anon)
{
	start();
	char *w = window(32);
	char *p = k_mmap(w, 4 * P, RW, ANON_S, -1, 0);
	fill(p, 4, 1);
	snap(p, 4, B);
	char *q = k_mremap(p, 0, 4 * P, MOVE, w + 16 * P);
	snap(q, 4, A);
	expect_identity(B, A, 4, 1, "second view made by mremap old_len 0");
	snap(p, 4, A);
	expect_identity(B, A, 4, 1, "first view after mremap old_len 0");
	expect_fill(q, 4, 1);
}
END_TEST

START_TEST(test_mremap_dup_shared_memfd_offset)
{
	start();
	char *w = window(32);
	int fd = memfd(16 * P);
	char *p = k_mmap(w, 6 * P, RW, MAP_SHARED | MAP_FIXED, fd, (off_t)(3 * P));
	/* duplicate from the third page: file offset 5 pages onward */
	char *q = k_mremap(p + 2 * P, 0, 3 * P, MOVE, w + 16 * P);
	snap(p + 2 * P, 3, B);
	snap(q, 3, A);
	expect_identity(B, A, 3, 1, "duplicate of a memfd view");
	close(fd);
}
END_TEST

START_TEST(test_mprotect_keeps_identity)
{
	start();
	char *w = window(16);
	char *p = k_mmap(w, 8 * P, RW, ANON_P, -1, 0);
	fill(p, 8, 1);
	snap(p, 8, B);
	k_mprotect(p + 2 * P, 3 * P, PROT_READ);
	k_mprotect(p + 6 * P, P, PROT_NONE);
	k_mprotect(p, 8 * P, RW); /* merges back into one VMA */
	snap(p, 8, A);
	expect_identity(B, A, 8, 1, "pages after mprotect");
}
END_TEST

START_TEST(test_madvise_dontfork_child)
{
	start();
	char *w = window(16);
	char *p = k_mmap(w, 8 * P, RW, ANON_P, -1, 0);
	fill(p, 8, 1);
	k_madvise(p + 2 * P, 3 * P, MADV_DONTFORK);
	snap(p, 8, B);
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* the child's own maps against the table's model of a child */
		close(fds[0]);
		struct md_table *ct = md_table_fork(C.t, ++C.ev);
		int rc = 2;
		snprintf(C.msg, sizeof C.msg, "child: setup failed");
		if (ct && km_read(&M) == 0)
			rc = km_compare(&M, ct, C.win, C.nwin, C.msg, sizeof C.msg);
		if (rc && write(fds[1], C.msg, strlen(C.msg)) < 0)
			rc = 3;
		_exit(rc);
	}
	close(fds[1]);
	char buf[sizeof C.msg] = "";
	ssize_t n = read(fds[0], buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	int st;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "fork child's maps differ from md_table_fork:\n%s", buf);
	snap(p, 8, A);
	expect_identity(B, A, 8, 1, "parent's pages after fork");
}
END_TEST

START_TEST(test_memfd_shared_offsets)
{
	start();
	char *w = window(32);
	int fd = memfd(16 * P);
	char *a = k_mmap(w, 2 * P, RW, MAP_SHARED | MAP_FIXED, fd, 0);
	char *b = k_mmap(w + 4 * P, 3 * P, RW, MAP_SHARED | MAP_FIXED, fd, (off_t)(5 * P));
	k_mmap(w + 10 * P, P, PROT_READ, MAP_SHARED | MAP_FIXED, fd, (off_t)(15 * P));
	/* the same file offset seen through two views is one page */
	char *c = k_mmap(w + 16 * P, 2 * P, RW, MAP_SHARED | MAP_FIXED, fd, (off_t)(6 * P));
	snap(b + P, 2, B);
	snap(c, 2, A);
	expect_identity(B, A, 2, 1, "file offset 6 pages through two views");
	snap(a, 1, B);
	expect_identity(B, A, 1, 0, "file offsets 0 and 6 pages");
	close(fd);
}
END_TEST

START_TEST(test_memfd_private_offsets)
{
	start();
	char *w = window(32);
	int fd = memfd(16 * P);
	char *a = k_mmap(w, 4 * P, RW, MAP_PRIVATE | MAP_FIXED, fd, (off_t)(2 * P));
	k_mmap(w + 8 * P, 2 * P, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, (off_t)(9 * P));
	fill(a, 4, 1); /* copy-on-write does not change what maps shows */
	verify();
	close(fd);
}
END_TEST

START_TEST(test_same_file_offset_remapped)
{
	start();
	char *w = window(16);
	int fd = memfd(8 * P);
	char *p = k_mmap(w, 2 * P, RW, MAP_SHARED | MAP_FIXED, fd, 0);
	fill(p, 2, 1);
	snap(p, 2, B);
	k_munmap(p, 2 * P);
	k_mmap(p, 2 * P, RW, MAP_SHARED | MAP_FIXED, fd, 0);
	snap(p, 2, A);
	expect_identity(B, A, 2, 1, "shared file region mapped again");
	expect_fill(p, 2, 1);

	/* MAP_PRIVATE: a written copy is gone after remapping */
	char *q = k_mmap(w + 8 * P, 2 * P, RW, MAP_PRIVATE | MAP_FIXED, fd, 0);
	fill(q, 2, 9);
	snap(q, 2, B);
	k_munmap(q, 2 * P);
	k_mmap(q, 2 * P, RW, MAP_PRIVATE | MAP_FIXED, fd, 0);
	snap(q, 2, A);
	expect_identity(B, A, 2, 0, "private file region mapped again");
	expect_fill(q, 2, 1);
	close(fd);
}
END_TEST

START_TEST(test_tmpfile_mapping)
{
	start();
	char *w = window(16);
	FILE *f = tmpfile();
	ck_assert_ptr_nonnull(f);
	int fd = fileno(f);
	ck_assert_int_eq(ftruncate(fd, (off_t)(8 * P)), 0);
	char *a = k_mmap(w, 4 * P, RW, MAP_SHARED | MAP_FIXED, fd, (off_t)P);
	k_mmap(w + 6 * P, 3 * P, RW, MAP_PRIVATE | MAP_FIXED, fd, 0);
	fill(a, 4, 1);
	k_munmap(a + P, P);
	fclose(f);
	verify(); /* closing the file leaves its mappings alone */
}
END_TEST

START_TEST(test_shm_attach_detach)
{
	start();
	char *w = window(16);
	int id = shm_new(4 * P);
	char *p = k_shmat(id, w + 2 * P, SHM_REMAP);
	ck_assert_ptr_eq(p, w + 2 * P);
	fill(p, 4, 1);
	k_shmdt(p);
}
END_TEST

START_TEST(test_shm_detach_reattach)
{
	start();
	char *w = window(16);
	int id = shm_new(4 * P);
	char *p = k_shmat(id, w + 4 * P, SHM_REMAP);
	fill(p, 4, 1);
	snap(p, 4, B);
	k_shmdt(p);
	ck_assert_ptr_eq(k_shmat(id, p, 0), p); /* the hole it left */
	snap(p, 4, A);
	expect_identity(B, A, 4, 1, "segment attached again");
	expect_fill(p, 4, 1);
}
END_TEST

START_TEST(test_shm_attach_twice_readonly)
{
	start();
	char *w = window(32);
	int id = shm_new(3 * P);
	char *a = k_shmat(id, w, SHM_REMAP);
	char *b = k_shmat(id, w + 8 * P, SHM_REMAP | SHM_RDONLY);
	fill(a, 3, 1);
	snap(a, 3, B);
	snap(b, 3, A);
	expect_identity(B, A, 3, 1, "one segment at two addresses");
	k_shmdt(a);
	snap(b, 3, B);
	expect_identity(A, B, 3, 1, "other attachment after shmdt");
}
END_TEST

START_TEST(test_shm_partial_munmap_then_detach)
{
	start();
	char *w = window(16);
	int id = shm_new(5 * P);
	char *p = k_shmat(id, w + 2 * P, SHM_REMAP);
	k_munmap(p + P, P);
	k_mprotect(p + 3 * P, P, PROT_READ);
	k_shmdt(p); /* every remaining piece of the segment goes */
}
END_TEST

START_TEST(test_shm_mprotect_split_then_detach)
{
	start();
	char *w = window(16);
	int id = shm_new(4 * P);
	char *p = k_shmat(id, w + 2 * P, SHM_REMAP);
	k_mprotect(p + 2 * P, P, PROT_READ); /* three pieces, no hole */
	k_shmdt(p);
}
END_TEST

static void watch_brk(void)
{
	/* no trimming, so free() in Check does not shrink the heap under us */
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
	C.brk = (uint64_t)(uintptr_t)sbrk(0);
	uint64_t lo = C.brk & ~(uint64_t)(P - 1);
	C.win[C.nwin++] = (struct km_range){lo, lo + 64 * P};
	step("watching the break at %#llx", (unsigned long long)C.brk);
	verify();
}

START_TEST(test_brk_grow_shrink)
{
	start();
	watch_brk();
	k_sbrk((intptr_t)(8 * P));
	k_sbrk((intptr_t)(3 * P + 100)); /* an unaligned break */
	k_sbrk(-(intptr_t)(5 * P));
	k_sbrk(-100);
}
END_TEST

START_TEST(test_brk_shrink_regrow)
{
	start();
	watch_brk();
	k_sbrk((intptr_t)(6 * P));
	char *top = (char *)(uintptr_t)((C.brk & ~(uint64_t)(P - 1)) - 2 * P);
	fill(top, 2, 1);
	snap(top, 2, B);
	k_sbrk(-(intptr_t)(3 * P));
	k_sbrk((intptr_t)(3 * P));
	snap(top, 2, A);
	/* pages given back die; the regrown ones are new (and zero) */
	expect_identity(B, A, 2, 0, "heap pages after shrink and regrowth");
	for (size_t i = 0; i < 2 * P; i += 512)
		ck_assert_int_eq(top[i], 0);
}
END_TEST

Suite *md_test_suite(void)
{
	Suite *s = suite_create("kernel");
	TCase *tc = tcase_create("maps");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_seed_matches_seeding_snapshot);
	tcase_add_test(tc, test_anon_private_map);
	tcase_add_test(tc, test_anon_shared_calls_are_distinct);
	tcase_add_test(tc, test_map_fixed_replaces);
	tcase_add_test(tc, test_munmap_whole);
	tcase_add_test(tc, test_munmap_partial_keeps_rest);
	tcase_add_test(tc, test_munmap_front_of_file_mapping);
	tcase_add_test(tc, test_mremap_grow_in_place);
	tcase_add_test(tc, test_mremap_grow_in_place_memfd);
	tcase_add_test(tc, test_mremap_shrink);
	tcase_add_test(tc, test_mremap_move_private_anon);
	tcase_add_test(tc, test_mremap_move_anywhere);
	tcase_add_test(tc, test_mremap_move_shared_memfd);
	tcase_add_test(tc, test_mremap_move_grow);
	tcase_add_test(tc, test_mremap_move_shrink_memfd);
	tcase_add_test(tc, test_mremap_fixed_replaces_live);
	tcase_add_test(tc, test_mremap_dontunmap_private);
	tcase_add_test(tc, test_mremap_dontunmap_shared_memfd);
	tcase_add_test(tc, test_mremap_dup_shared_anon);
	tcase_add_test(tc, test_mremap_dup_shared_memfd_offset);
	tcase_add_test(tc, test_mprotect_keeps_identity);
	tcase_add_test(tc, test_madvise_dontfork_child);
	tcase_add_test(tc, test_memfd_shared_offsets);
	tcase_add_test(tc, test_memfd_private_offsets);
	tcase_add_test(tc, test_same_file_offset_remapped);
	tcase_add_test(tc, test_tmpfile_mapping);
	tcase_add_test(tc, test_shm_attach_detach);
	tcase_add_test(tc, test_shm_detach_reattach);
	tcase_add_test(tc, test_shm_attach_twice_readonly);
	tcase_add_test(tc, test_shm_partial_munmap_then_detach);
	tcase_add_test(tc, test_shm_mprotect_split_then_detach);
	tcase_add_test(tc, test_brk_grow_shrink);
	tcase_add_test(tc, test_brk_shrink_regrow);
	suite_add_tcase(s, tc);
	return s;
}
