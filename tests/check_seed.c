/* check_seed.c - md_table_seed on handcrafted /proc/PID/maps text (every
 * line kind), on hostile text, and against the kernel: seeded from the
 * real /proc/self/maps, the table must print the same pages back. */
#define _GNU_SOURCE
#include "check_main.h"
#include "procfmt.h"
#include "testutil.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define RW (MD_PROT_R | MD_PROT_W)

static struct md_table *seeded(const char *text, int lines)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	ck_assert_int_eq(md_table_seed(t, text, strlen(text), 7), lines);
	TABLE_OK(t);
	return t;
}

static const struct md_piece *at(const struct md_table *t, uint64_t addr)
{
	const struct md_piece *p = md_table_find(t, addr);
	ck_assert_msg(p != NULL, "0x%llx not seeded", (unsigned long long)addr);
	return p;
}

static void expect_name(const struct md_table *t, uint64_t addr, const char *name)
{
	char buf[64];
	ck_assert_str_eq(md_piece_name(t, at(t, addr), buf, sizeof buf), name);
}

/* ---------- one test per line kind ---------- */

static const char prog[] =
	"00400000-00401000 r--p 00000000 08:01 1234                               /usr/bin/prog\n"
	"00401000-00403000 r-xp 00001000 08:01 1234                               /usr/bin/prog\n";

START_TEST(seed_file_private)
{
	struct md_table *t = seeded(prog, 2);
	const struct md_piece *p = at(t, 0x402000);
	ck_assert_uint_eq(p->kind, MD_FILE_PRIVATE);
	ck_assert_uint_eq(p->prot, MD_PROT_R | MD_PROT_X);
	ck_assert_uint_eq(tu_off(t, 0x402000), 0x2000);
	ck_assert_uint_eq(tu_off(t, 0x400000), 0);
	/* private: a new object per line, even of the same file */
	ck_assert_uint_ne(tu_obj(t, 0x400000), tu_obj(t, 0x401000));
	expect_name(t, 0x401000, "/usr/bin/prog");
	md_table_free(t);
}
END_TEST

START_TEST(seed_file_shared_by_inode)
{
	struct md_table *t = seeded(
		"00600000-00602000 rw-s 00002000 08:01 5678                               /data/db\n"
		"00700000-00701000 r--s 00000000 08:01 5678                               /data/db\n",
		2);
	const struct md_piece *p = at(t, 0x600000);
	ck_assert_uint_eq(p->kind, MD_FILE_SHARED);
	ck_assert_uint_eq(tu_off(t, 0x601000), 0x3000);
	ck_assert_uint_eq(tu_obj(t, 0x700000), tu_obj(t, 0x600000));
	const struct md_file *f = md_table_file(t, p->file);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->dev, makedev(8, 1));
	ck_assert_uint_eq(f->ino, 5678);
	/* a later mapping of the same file is the same object */
	struct md_map_req r = {.start = 0x800000, .len = PG, .prot = RW, .kind = MD_FILE_SHARED,
			       .dev = makedev(8, 1), .ino = 5678, .off = 0};
	UPD(t, md_table_map(t, &r, 8));
	ck_assert_uint_eq(tu_obj(t, 0x800000), tu_obj(t, 0x600000));
	md_table_free(t);
}
END_TEST

START_TEST(seed_anon_private)
{
	struct md_table *t = seeded("7f0000000000-7f0000002000 rw-p 00000000 00:00 0 \n", 1);
	const struct md_piece *p = at(t, 0x7f0000001000);
	ck_assert_uint_eq(p->kind, MD_ANON_PRIVATE);
	ck_assert_uint_eq(p->prot, RW);
	ck_assert_uint_eq(p->flags & MD_PF_SEEDED, MD_PF_SEEDED);
	ck_assert_uint_eq(p->ev, 7);
	ck_assert_uint_eq(p->start, 0x7f0000000000);
	ck_assert_uint_eq(p->end, 0x7f0000002000);
	expect_name(t, 0x7f0000000000, "");
	md_table_free(t);
}
END_TEST

START_TEST(seed_heap)
{
	struct md_table *t = seeded(
		"01000000-01021000 rw-p 00000000 00:00 0                                  [heap]\n", 1);
	ck_assert_uint_eq(at(t, 0x1000000)->kind, MD_HEAP);
	ck_assert_uint_eq(md_table_heap_start(t), 0x1000000);
	ck_assert_uint_eq(tu_off(t, 0x1001000), PG);
	expect_name(t, 0x1000000, "[heap]");
	/* growth continues the heap's offsets from its start */
	UPD(t, md_table_brk(t, 0x1021000, 0x1023000, 8));
	ck_assert_uint_eq(at(t, 0x1022000)->kind, MD_HEAP);
	ck_assert_uint_eq(tu_off(t, 0x1022000), 0x22000);
	md_table_free(t);
}
END_TEST

START_TEST(seed_stack)
{
	struct md_table *t = seeded(
		"7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0                          [stack]\n", 1);
	ck_assert_uint_eq(at(t, 0x7ffc00000000)->kind, MD_STACK);
	expect_name(t, 0x7ffc00020000, "[stack]");
	md_table_free(t);
}
END_TEST

START_TEST(seed_specials)
{
	struct md_table *t = seeded(
		"7ffc00100000-7ffc00102000 r-xp 00000000 00:00 0                          [vdso]\n"
		"7ffc00102000-7ffc00106000 r--p 00000000 00:00 0                          [vvar]\n"
		"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n",
		3);
	ck_assert_uint_eq(at(t, 0x7ffc00100000)->kind, MD_SPECIAL);
	ck_assert_uint_eq(at(t, 0x7ffc00102000)->kind, MD_SPECIAL);
	ck_assert_uint_eq(at(t, 0xffffffffff600000)->kind, MD_SPECIAL);
	ck_assert_uint_eq(at(t, 0xffffffffff600000)->prot, MD_PROT_X);
	expect_name(t, 0x7ffc00100000, "[vdso]");
	expect_name(t, 0xffffffffff600000, "[vsyscall]");
	md_table_free(t);
}
END_TEST

/* The kernel's inode number of a /SYSV mapping is the shmid. */
START_TEST(seed_sysv_shm)
{
	struct md_table *t = seeded(
		"7f0000010000-7f0000012000 rw-s 00000000 00:01 32769                      /SYSV0000abcd (deleted)\n",
		1);
	const struct md_piece *p = at(t, 0x7f0000010000);
	ck_assert_uint_eq(p->kind, MD_SHM);
	ck_assert_uint_eq(tu_off(t, 0x7f0000011000), PG);
	expect_name(t, 0x7f0000010000, "/SYSV0000abcd (deleted)");
	UPD(t, md_table_shmat(t, 0x7f0000100000, 2 * PG, 32769, RW, 8));
	ck_assert_uint_eq(tu_obj(t, 0x7f0000100000), tu_obj(t, 0x7f0000010000));
	/* shmdt of the seeded attach removes all of it, and only it */
	UPD(t, md_table_shmdt(t, 0x7f0000010000, 9));
	ck_assert_uint_eq(tu_obj(t, 0x7f0000010000), 0);
	ck_assert_uint_eq(tu_obj(t, 0x7f0000011000), 0);
	ck_assert_uint_ne(tu_obj(t, 0x7f0000100000), 0);
	md_table_free(t);
}
END_TEST

START_TEST(seed_dev_zero_shared)
{
	struct md_table *t = seeded(
		"7f0000020000-7f0000021000 rw-s 00000000 00:01 4096                       /dev/zero (deleted)\n",
		1);
	ck_assert_uint_eq(at(t, 0x7f0000020000)->kind, MD_ANON_SHARED);
	expect_name(t, 0x7f0000020000, "/dev/zero (deleted)");
	struct md_table *c = md_table_fork(t, 8);
	ck_assert_ptr_nonnull(c);
	TABLE_OK(c);
	ck_assert_uint_eq(tu_obj(c, 0x7f0000020000), tu_obj(t, 0x7f0000020000));
	md_table_free(c);
	md_table_free(t);
}
END_TEST

START_TEST(seed_path_with_spaces)
{
	struct md_table *t = seeded(
		"7f0000030000-7f0000031000 r--p 00000000 08:01 999                        /home/u/my  lib.so\n",
		1);
	ck_assert_uint_eq(at(t, 0x7f0000030000)->kind, MD_FILE_PRIVATE);
	expect_name(t, 0x7f0000030000, "/home/u/my  lib.so");
	md_table_free(t);
}
END_TEST

START_TEST(seed_deleted_suffix)
{
	struct md_table *t = seeded(
		"7f0000040000-7f0000041000 rw-s 00000000 08:01 1000                       /tmp/gone.so (deleted)\n",
		1);
	ck_assert_uint_eq(at(t, 0x7f0000040000)->kind, MD_FILE_SHARED);
	expect_name(t, 0x7f0000040000, "/tmp/gone.so (deleted)");
	md_table_free(t);
}
END_TEST

START_TEST(seed_anon_name)
{
	struct md_table *t = seeded(
		"7f0000050000-7f0000051000 rw-p 00000000 00:00 0                          [anon:my arena]\n",
		1);
	ck_assert_uint_eq(at(t, 0x7f0000050000)->kind, MD_ANON_PRIVATE);
	expect_name(t, 0x7f0000050000, "[anon:my arena]");
	md_table_free(t);
}
END_TEST

START_TEST(seed_last_line_without_newline)
{
	struct md_table *t = seeded("00400000-00401000 r--p 00000000 08:01 1234 /x\n"
				    "00500000-00501000 rw-p 00000000 00:00 0", 2);
	ck_assert_uint_eq(at(t, 0x500000)->kind, MD_ANON_PRIVATE);
	md_table_free(t);
}
END_TEST

START_TEST(seed_empty_text)
{
	struct md_table *t = seeded("", 0);
	ck_assert_uint_eq(md_table_count(t), 0);
	md_table_free(t);
	t = seeded("\n\n", 0);
	md_table_free(t);
}
END_TEST

/* Every kind together, printed back: the kernel's own format is the
 * expected text, page by page. */
static const char all_kinds[] =
	"00400000-00401000 r--p 00000000 08:01 1234                               /usr/bin/prog\n"
	"00401000-00403000 r-xp 00001000 08:01 1234                               /usr/bin/prog\n"
	"00600000-00602000 rw-s 00002000 08:01 5678                               /data/db\n"
	"01000000-01021000 rw-p 00000000 00:00 0                                  [heap]\n"
	"7f0000000000-7f0000002000 rw-p 00000000 00:00 0 \n"
	"7f0000010000-7f0000012000 rw-s 00000000 00:01 32769                      /SYSV0000abcd (deleted)\n"
	"7f0000020000-7f0000021000 rw-s 00000000 00:01 4096                       /dev/zero (deleted)\n"
	"7f0000030000-7f0000031000 r--p 00000000 08:01 999                        /home/u/my  lib.so\n"
	"7f0000040000-7f0000041000 rw-s 00000000 08:01 1000                       /tmp/gone.so (deleted)\n"
	"7f0000050000-7f0000051000 rw-p 00000000 00:00 0                          [anon:my arena]\n"
	"7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0                          [stack]\n"
	"7ffc00100000-7ffc00102000 r-xp 00000000 00:00 0                          [vdso]\n"
	"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n";

static char *print_table(const struct md_table *t, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);
	ck_assert_ptr_nonnull(f);
	md_print_maps(f, t, 0);
	ck_assert_int_eq(fclose(f), 0);
	return out;
}

static void expect_same_pages(const char *want, size_t wl, const char *got, size_t gl)
{
	struct maps a, b;
	char why[1024];
	ck_assert_msg(maps_parse(want, wl, &a) == 0, "cannot parse expected text");
	ck_assert_msg(maps_parse(got, gl, &b) == 0, "cannot parse printed table:\n%s", got);
	maps_clip_stack(&a, &b);
	int r = maps_compare(&a, &b, why, sizeof why);
	maps_free(&a);
	maps_free(&b);
	ck_assert_msg(r == 0, "kernel vs table: %s", why);
}

START_TEST(seed_prints_back_every_kind)
{
	struct md_table *t = seeded(all_kinds, 13);
	size_t len;
	char *out = print_table(t, &len);
	expect_same_pages(all_kinds, strlen(all_kinds), out, len);
	free(out);
	md_table_free(t);
}
END_TEST

/* ---------- hostile text ---------- */

/* Seed exactly len bytes from a heap copy without a terminator, so a read
 * past the end is caught by the sanitizers. */
static int seed_exact(struct md_table *t, const char *s, size_t len)
{
	char *copy = malloc(len ? len : 1);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, s, len);
	int r = md_table_seed(t, copy, len, 1);
	free(copy);
	TABLE_OK(t);
	return r;
}

static void expect_rejected(const char *line)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	int r = seed_exact(t, line, strlen(line));
	ck_assert_msg(r == -1, "accepted (%d): '%s'", r, line);
	md_table_free(t);
}

static const char good[] = "00400000-00401000 r--p 00000000 08:01 1234 /usr/bin/prog";

/* Loop index: the length kept.  Cut before the inode, a line lacks a
 * field; cut inside the inode or the path, it is a shorter valid line. */
START_TEST(hostile_truncated_line)
{
	size_t keep = (size_t)_i;
	size_t inode_at = strlen("00400000-00401000 r--p 00000000 08:01 ");
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	int r = seed_exact(t, good, keep);
	if (keep <= inode_at)
		ck_assert_msg(r == -1, "accepted a line cut to %zu bytes", keep);
	else
		ck_assert_int_eq(r, 1);
	md_table_free(t);
}
END_TEST

START_TEST(hostile_missing_fields)
{
	expect_rejected("00400000 r--p 00000000 08:01 1234 /x");
	expect_rejected("00400000- r--p 00000000 08:01 1234 /x");
	expect_rejected("-00401000 r--p 00000000 08:01 1234 /x");
	expect_rejected("00400000-00401000 00000000 08:01 1234 /x");
	expect_rejected("00400000-00401000 r--p 08:01 1234 /x");
	expect_rejected("00400000-00401000 r--p 00000000 1234 /x");
	expect_rejected("00400000-00401000 r--p 00000000 08: 1234 /x");
	expect_rejected("00400000-00401000 r--p 00000000 08:01 /x");
	expect_rejected("00400000-00401000 r--p 00000000 08:01");
	expect_rejected("00400000-00401000");
	expect_rejected("00400000-00401000 r--p");
}
END_TEST

START_TEST(hostile_huge_numbers)
{
	expect_rejected("1000000000000000000-1000000000000001000 r--p 00000000 08:01 1 /x");
	expect_rejected("00400000-ffffffffffffffffff r--p 00000000 08:01 1 /x");
	expect_rejected("00400000-00401000 r--p 1ffffffffffffffffff 08:01 1 /x");
	expect_rejected("00400000-00401000 r--p 00000000 08:01 99999999999999999999999 /x");
	expect_rejected("00400000-00401000 r--p 00000000 fffffffffffffffff:01 1 /x");
	/* an end that does not fit once rounded to a page */
	expect_rejected("ffffffffffffe000-ffffffffffffffff rw-p 00000000 00:00 0");
}
END_TEST

START_TEST(hostile_end_not_above_start)
{
	expect_rejected("00401000-00400000 r--p 00000000 08:01 1 /x");
	expect_rejected("00400000-00400000 r--p 00000000 08:01 1 /x");
}
END_TEST

START_TEST(hostile_unaligned_start)
{
	expect_rejected("00400010-00401000 r--p 00000000 08:01 1 /x");
}
END_TEST

START_TEST(hostile_bad_perms)
{
	expect_rejected("00400000-00401000 zzzz 00000000 08:01 1 /x");
	expect_rejected("00400000-00401000 rw-q 00000000 08:01 1 /x");
	expect_rejected("00400000-00401000 rw 00000000 08:01 1 /x");
}
END_TEST

START_TEST(hostile_garbage)
{
	static const char bin[] = "\x01\xff\x80-\x7f \x00\x00 zz";
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	ck_assert_int_eq(seed_exact(t, bin, sizeof bin - 1), -1);
	ck_assert_int_eq(seed_exact(t, "-", 1), -1);
	ck_assert_int_eq(seed_exact(t, " ", 1), -1);
	ck_assert_uint_eq(md_table_count(t), 0);
	md_table_free(t);
}
END_TEST

/* A path longer than any buffer: no crash; the line is still one piece. */
START_TEST(hostile_long_path)
{
	size_t n = 20000;
	char *s = malloc(n + 64);
	ck_assert_ptr_nonnull(s);
	int k = snprintf(s, 64, "00400000-00401000 r--p 00000000 08:01 1 /");
	memset(s + k, 'a', n);
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	ck_assert_int_eq(seed_exact(t, s, (size_t)k + n), 1);
	ck_assert_ptr_nonnull(md_table_find(t, 0x400000));
	free(s);
	md_table_free(t);
}
END_TEST

START_TEST(hostile_keeps_lines_before_bad_one)
{
	static const char text[] = "00400000-00401000 r--p 00000000 08:01 1 /x\n"
				   "00500000-00501000 rw-p 00000000 00:00 0\n"
				   "00600000-005ff000 rw-p 00000000 00:00 0\n"
				   "00700000-00701000 rw-p 00000000 00:00 0\n";
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	ck_assert_int_eq(seed_exact(t, text, sizeof text - 1), -1);
	ck_assert_ptr_nonnull(md_table_find(t, 0x400000));
	ck_assert_ptr_nonnull(md_table_find(t, 0x500000));
	ck_assert_ptr_null(md_table_find(t, 0x700000));
	md_table_free(t);
}
END_TEST

/* ---------- the kernel as oracle ---------- */

#define MAPS_CAP (8u << 20)

static uint64_t whole_space(void)
{
	return UINT64_MAX & ~(uint64_t)(sysconf(_SC_PAGESIZE) - 1);
}

/* Seed from /proc/self/maps, print, read the maps again and compare page by
 * page.  The buffers and the table are made (and the table warmed) before
 * the first read, so the test itself maps nothing in between; an attempt
 * where the kernel's text changed anyway is retried. */
static void oracle(void)
{
	char *a = malloc(MAPS_CAP), *b = malloc(MAPS_CAP);
	ck_assert(a && b);
	struct md_table *t = md_table_new((unsigned)sysconf(_SC_PAGESIZE), MD_POLICY_CONTRACT);
	ck_assert_ptr_nonnull(t);
	long la = read_proc("/proc/self/maps", a, MAPS_CAP);
	ck_assert_int_gt(la, 0);
	ck_assert_int_gt(md_table_seed(t, a, (size_t)la, 1), 0);
	/* warm the printer up: its first allocations (a sanitizer's allocator
	 * maps new regions for them) must not fall between the two reads */
	size_t lw;
	free(print_table(t, &lw));
	for (int attempt = 0; attempt < 20; attempt++) {
		la = read_proc("/proc/self/maps", a, MAPS_CAP);
		ck_assert_int_gt(la, 0);
		ck_assert_int_eq(md_table_unmap(t, 0, whole_space(), 1), 0);
		ck_assert_int_gt(md_table_seed(t, a, (size_t)la, 1), 0);
		TABLE_OK(t);
		size_t lp;
		char *printed = print_table(t, &lp);
		long lb = read_proc("/proc/self/maps", b, MAPS_CAP);
		ck_assert_int_gt(lb, 0);
		struct maps ma, mb;
		char why[1024];
		ck_assert(maps_parse(a, (size_t)la, &ma) == 0);
		ck_assert(maps_parse(b, (size_t)lb, &mb) == 0);
		maps_clip_stack(&ma, &mb);
		int stable = maps_compare(&ma, &mb, why, sizeof why) == 0;
		maps_free(&ma);
		maps_free(&mb);
		if (stable) {
			expect_same_pages(b, (size_t)lb, printed, lp);
			free(printed);
			free(a);
			free(b);
			md_table_free(t);
			return;
		}
		free(printed);
	}
	ck_abort_msg("/proc/self/maps kept changing under the test");
}

START_TEST(oracle_self_maps)
{
	oracle();
}
END_TEST

/* The same after making one mapping of each kind the table knows. */
START_TEST(oracle_self_maps_every_kind)
{
	long ps = sysconf(_SC_PAGESIZE);
	char path[] = "/tmp/md check seed XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 8 * ps), 0);
	void *fs = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * ps);
	void *fp = mmap(NULL, 2 * ps, PROT_READ, MAP_PRIVATE, fd, 4 * ps);
	ck_assert(fs != MAP_FAILED && fp != MAP_FAILED);
	unlink(path); /* the names now end in " (deleted)" */
	close(fd);
	void *sa = mmap(NULL, 3 * ps, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	void *pa = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert(sa != MAP_FAILED && pa != MAP_FAILED);
	ck_assert_int_eq(mprotect((char *)pa + ps, ps, PROT_READ), 0);
#ifdef PR_SET_VMA_ANON_NAME
	/* a named anonymous range where the kernel supports it */
	prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, (unsigned long)pa + 3 * ps, ps, "md test");
#endif
	int mfd = memfd_create("md-seed", 0);
	ck_assert_int_ge(mfd, 0);
	ck_assert_int_eq(ftruncate(mfd, 2 * ps), 0);
	void *mf = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	ck_assert(mf != MAP_FAILED);
	close(mfd);
	int id = shmget(IPC_PRIVATE, 2 * ps, IPC_CREAT | 0600);
	void *sh = id < 0 ? (void *)-1 : shmat(id, NULL, 0);
	if (id >= 0)
		shmctl(id, IPC_RMID, NULL); /* gone when this process exits */
	ck_assert_msg(sh != (void *)-1, "no System V shared memory here");
	oracle();
}
END_TEST

Suite *md_test_suite(void)
{
	Suite *s = suite_create("seed");
	TCase *tc = tcase_create("kinds");
	tcase_add_test(tc, seed_file_private);
	tcase_add_test(tc, seed_file_shared_by_inode);
	tcase_add_test(tc, seed_anon_private);
	tcase_add_test(tc, seed_heap);
	tcase_add_test(tc, seed_stack);
	tcase_add_test(tc, seed_specials);
	tcase_add_test(tc, seed_sysv_shm);
	tcase_add_test(tc, seed_dev_zero_shared);
	tcase_add_test(tc, seed_path_with_spaces);
	tcase_add_test(tc, seed_deleted_suffix);
	tcase_add_test(tc, seed_anon_name);
	tcase_add_test(tc, seed_last_line_without_newline);
	tcase_add_test(tc, seed_empty_text);
	tcase_add_test(tc, seed_prints_back_every_kind);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile");
	tcase_add_loop_test(tc, hostile_truncated_line, 1, (int)sizeof good);
	tcase_add_test(tc, hostile_missing_fields);
	tcase_add_test(tc, hostile_huge_numbers);
	tcase_add_test(tc, hostile_end_not_above_start);
	tcase_add_test(tc, hostile_unaligned_start);
	tcase_add_test(tc, hostile_bad_perms);
	tcase_add_test(tc, hostile_garbage);
	tcase_add_test(tc, hostile_long_path);
	tcase_add_test(tc, hostile_keeps_lines_before_bad_one);
	suite_add_tcase(s, tc);

	tc = tcase_create("oracle");
	tcase_add_test(tc, oracle_self_maps);
	tcase_add_test(tc, oracle_self_maps_every_kind);
	suite_add_tcase(s, tc);
	return s;
}
