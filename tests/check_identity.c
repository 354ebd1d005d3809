/* check_identity.c - backing identities: one test per row of
 * mdtrace-verdicts(7)'s BACKING OBJECTS and per listed TRANSITION, on
 * hand-built tables (page size 4096).  The table is checked after every
 * update. */
#define _GNU_SOURCE
#include "check_main.h"
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "xlat.h" /* MREMAP_DONTUNMAP where libc lacks it */

#define RW (MD_PROT_R | MD_PROT_W)
#define MOVE (MREMAP_MAYMOVE | MREMAP_FIXED)
#define DEV 0x801
#define SHMID 4242

static enum md_verdict_kind judge(const struct md_table *t, struct md_desc *d, uint64_t at)
{
	struct md_verdict v;
	tu_judge(t, d, at, &v, 0);
	return v.kind;
}

/* Verdict of a one-range descriptor over pages [i, i+n) captured before
 * and judged after `change` ran on t. */
#define VERDICT_AROUND(t, i, n, change, out)                                 \
	do {                                                                 \
		struct md_desc *d_ = tu_desc(t, i, n, MD_DIR_INOUT, 100);    \
		change;                                                      \
		TABLE_OK(t);                                                 \
		out = judge(t, d_, 1000);                                    \
		md_desc_release(d_);                                         \
	} while (0)

static void expect_kind(enum md_verdict_kind got, enum md_verdict_kind want)
{
	ck_assert_msg(got == want, "verdict %s, expected %s", md_verdict_name(got),
		      md_verdict_name(want));
}

/* ---------- private anonymous ---------- */

START_TEST(anon_private_one_object_per_call)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 3, MD_ANON_PRIVATE, RW, 1));
	UPD(t, tu_anon(t, 3, 2, MD_ANON_PRIVATE, RW, 2));
	ck_assert_uint_ne(tu_obj(t, AT(0)), 0);
	ck_assert_uint_eq(tu_obj(t, AT(2)), tu_obj(t, AT(0)));
	ck_assert_uint_ne(tu_obj(t, AT(3)), tu_obj(t, AT(0)));
	ck_assert_uint_eq(tu_obj(t, AT(4)), tu_obj(t, AT(3)));
	/* offsets from each mapping's start */
	ck_assert_uint_eq(tu_off(t, AT(0)), 0);
	ck_assert_uint_eq(tu_off(t, AT(2)), 2 * PG);
	ck_assert_uint_eq(tu_off(t, AT(3)), 0);
	ck_assert_uint_eq(tu_off(t, AT(4)), PG);
	md_table_free(t);
}
END_TEST

START_TEST(anon_private_aba_map_fixed_rebuilt)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 2, MD_ANON_PRIVATE, RW, 1));
	uint64_t old = tu_obj(t, AT(0));
	enum md_verdict_kind k;
	VERDICT_AROUND(t, 0, 2, UPD(t, tu_anon(t, 0, 2, MD_ANON_PRIVATE, RW, 2)), k);
	ck_assert_uint_ne(tu_obj(t, AT(0)), old);
	expect_kind(k, MD_V_REBUILT);
	md_table_free(t);
}
END_TEST

START_TEST(anon_private_aba_after_munmap_rebuilt)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 2, MD_ANON_PRIVATE, RW, 1));
	uint64_t old = tu_obj(t, AT(0));
	enum md_verdict_kind k;
	VERDICT_AROUND(t, 0, 2, {
		UPD(t, md_table_unmap(t, AT(0), 2 * PG, 2));
		UPD(t, tu_anon(t, 0, 2, MD_ANON_PRIVATE, RW, 3));
	}, k);
	ck_assert_uint_ne(tu_obj(t, AT(0)), old);
	expect_kind(k, MD_V_REBUILT);
	md_table_free(t);
}
END_TEST

/* ---------- shared anonymous ---------- */

START_TEST(anon_shared_new_object_per_call)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 2, MD_ANON_SHARED, RW, 1));
	uint64_t old = tu_obj(t, AT(0));
	ck_assert_uint_eq(tu_off(t, AT(1)), PG);
	enum md_verdict_kind k;
	VERDICT_AROUND(t, 0, 2, UPD(t, tu_anon(t, 0, 2, MD_ANON_SHARED, RW, 2)), k);
	ck_assert_uint_ne(tu_obj(t, AT(0)), old);
	ck_assert_uint_eq(tu_off(t, AT(0)), 0);
	expect_kind(k, MD_V_REBUILT);
	md_table_free(t);
}
END_TEST

START_TEST(anon_shared_fork_child_shares)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 2, MD_ANON_SHARED, RW, 1));
	struct md_desc *d = tu_desc(t, 0, 2, MD_DIR_INOUT, 2);
	struct md_table *c = md_table_fork(t, 3);
	ck_assert_ptr_nonnull(c);
	TABLE_OK(t);
	TABLE_OK(c);
	ck_assert_uint_eq(tu_obj(c, AT(0)), tu_obj(t, AT(0)));
	ck_assert_uint_eq(tu_off(c, AT(1)), PG);
	expect_kind(judge(c, d, 4), MD_V_REUSED);
	md_desc_release(d);
	md_table_free(c);
	md_table_free(t);
}
END_TEST

/* ---------- shared file ---------- */

static enum md_verdict_kind file_again(unsigned kind, uint64_t dev2, uint64_t ino2,
				       uint64_t off2)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_file(t, 0, 2, kind, RW, DEV, 77, 2 * PG, 1));
	enum md_verdict_kind k;
	VERDICT_AROUND(t, 0, 2, {
		UPD(t, md_table_unmap(t, AT(0), 2 * PG, 2));
		UPD(t, tu_file(t, 0, 2, kind, RW, dev2, ino2, off2, 3));
	}, k);
	md_table_free(t);
	return k;
}

START_TEST(file_shared_same_offset_reused)
{
	expect_kind(file_again(MD_FILE_SHARED, DEV, 77, 2 * PG), MD_V_REUSED);
}
END_TEST
START_TEST(file_shared_other_offset_rebuilt)
{
	expect_kind(file_again(MD_FILE_SHARED, DEV, 77, 3 * PG), MD_V_REBUILT);
}
END_TEST
START_TEST(file_shared_other_inode_rebuilt)
{
	expect_kind(file_again(MD_FILE_SHARED, DEV, 78, 2 * PG), MD_V_REBUILT);
}
END_TEST
START_TEST(file_shared_other_device_rebuilt)
{
	expect_kind(file_again(MD_FILE_SHARED, DEV + 1, 77, 2 * PG), MD_V_REBUILT);
}
END_TEST

START_TEST(file_shared_offset_is_file_offset)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_file(t, 0, 2, MD_FILE_SHARED, RW, DEV, 77, 5 * PG, 1));
	ck_assert_uint_eq(tu_off(t, AT(0)), 5 * PG);
	ck_assert_uint_eq(tu_off(t, AT(1)), 6 * PG);
	md_table_free(t);
}
END_TEST

/* Two views of one file are one object. */
START_TEST(file_shared_two_views_one_object)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_file(t, 0, 2, MD_FILE_SHARED, RW, DEV, 77, 0, 1));
	UPD(t, tu_file(t, 10, 2, MD_FILE_SHARED, MD_PROT_R, DEV, 77, PG, 2));
	ck_assert_uint_eq(tu_obj(t, AT(10)), tu_obj(t, AT(0)));
	ck_assert_uint_eq(tu_off(t, AT(10)), tu_off(t, AT(1)));
	md_table_free(t);
}
END_TEST

/* ---------- private file ---------- */

START_TEST(file_private_mapped_again_rebuilt)
{
	expect_kind(file_again(MD_FILE_PRIVATE, DEV, 77, 2 * PG), MD_V_REBUILT);
}
END_TEST

START_TEST(file_private_new_object_per_call)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_file(t, 0, 2, MD_FILE_PRIVATE, RW, DEV, 77, 3 * PG, 1));
	UPD(t, tu_file(t, 10, 2, MD_FILE_PRIVATE, RW, DEV, 77, 3 * PG, 2));
	ck_assert_uint_ne(tu_obj(t, AT(10)), tu_obj(t, AT(0)));
	ck_assert_uint_eq(tu_off(t, AT(1)), 4 * PG);
	md_table_free(t);
}
END_TEST

/* ---------- System V shared memory ---------- */

START_TEST(shm_offset_in_segment)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, md_table_shmat(t, AT(0), 4 * PG, SHMID, RW, 1));
	ck_assert_uint_eq(tu_off(t, AT(0)), 0);
	ck_assert_uint_eq(tu_off(t, AT(3)), 3 * PG);
	ck_assert_uint_eq(tu_obj(t, AT(3)), tu_obj(t, AT(0)));
	md_table_free(t);
}
END_TEST

START_TEST(shm_detach_unmapped)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, md_table_shmat(t, AT(0), 4 * PG, SHMID, RW, 1));
	struct md_desc *d = tu_desc(t, 0, 4, MD_DIR_INOUT, 2);
	UPD(t, md_table_shmdt(t, AT(0), 3));
	for (unsigned i = 0; i < 4; i++)
		ck_assert_uint_eq(tu_obj(t, AT(i)), 0);
	struct md_verdict v;
	tu_judge(t, d, 4, &v, 0);
	expect_kind(v.kind, MD_V_NULL);
	ck_assert_int_eq(v.reason, MD_R_UNMAPPED);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(shm_reattach_same_address_reused)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, md_table_shmat(t, AT(0), 4 * PG, SHMID, RW, 1));
	enum md_verdict_kind k;
	VERDICT_AROUND(t, 0, 4, {
		UPD(t, md_table_shmdt(t, AT(0), 2));
		UPD(t, md_table_shmat(t, AT(0), 4 * PG, SHMID, RW, 3));
	}, k);
	expect_kind(k, MD_V_REUSED);
	md_table_free(t);
}
END_TEST

START_TEST(shm_reattach_other_segment_rebuilt)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, md_table_shmat(t, AT(0), 4 * PG, SHMID, RW, 1));
	enum md_verdict_kind k;
	VERDICT_AROUND(t, 0, 4, {
		UPD(t, md_table_shmdt(t, AT(0), 2));
		UPD(t, md_table_shmat(t, AT(0), 4 * PG, SHMID + 1, RW, 3));
	}, k);
	expect_kind(k, MD_V_REBUILT);
	md_table_free(t);
}
END_TEST

START_TEST(shm_partial_munmap_keeps_rest)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, md_table_shmat(t, AT(0), 4 * PG, SHMID, RW, 1));
	uint64_t obj = tu_obj(t, AT(0));
	UPD(t, md_table_unmap(t, AT(1), PG, 2));
	ck_assert_uint_eq(tu_obj(t, AT(1)), 0);
	ck_assert_uint_eq(tu_obj(t, AT(2)), obj);
	ck_assert_uint_eq(tu_off(t, AT(2)), 2 * PG);
	md_table_free(t);
}
END_TEST

START_TEST(shm_detach_after_partial_munmap_removes_rest)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, md_table_shmat(t, AT(0), 4 * PG, SHMID, RW, 1));
	UPD(t, md_table_unmap(t, AT(1), PG, 2));
	UPD(t, md_table_shmdt(t, AT(0), 3));
	for (unsigned i = 0; i < 4; i++)
		ck_assert_msg(tu_obj(t, AT(i)) == 0, "page %u still mapped", i);
	ck_assert_uint_eq(md_table_count(t), 0);
	md_table_free(t);
}
END_TEST

/* The kernel's shmdt removes only the attach at addr: a second attach of
 * the same segment right after it stays. */
START_TEST(shm_detach_leaves_other_attach)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, md_table_shmat(t, AT(0), 4 * PG, SHMID, RW, 1));
	UPD(t, md_table_shmat(t, AT(4), 4 * PG, SHMID, RW, 2));
	uint64_t obj = tu_obj(t, AT(0));
	ck_assert_uint_eq(tu_obj(t, AT(4)), obj);
	UPD(t, md_table_shmdt(t, AT(0), 3));
	ck_assert_uint_eq(tu_obj(t, AT(3)), 0);
	for (unsigned i = 4; i < 8; i++) {
		ck_assert_uint_eq(tu_obj(t, AT(i)), obj);
		ck_assert_uint_eq(tu_off(t, AT(i)), (i - 4) * PG);
	}
	md_table_free(t);
}
END_TEST

/* ---------- heap ---------- */

/* Heap from AT(0): brk 0 -> 2 pages (event 1), then -> 5 pages (event 2). */
static struct md_table *heap5(void)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, md_table_brk(t, AT(0), AT(2), 1));
	UPD(t, md_table_brk(t, AT(2), AT(5), 2));
	return t;
}

START_TEST(heap_offsets_from_heap_start)
{
	struct md_table *t = heap5();
	ck_assert_uint_eq(md_table_heap_start(t), AT(0));
	for (unsigned i = 0; i < 5; i++) {
		const struct md_piece *p = md_table_find(t, AT(i));
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq(p->kind, MD_HEAP);
		ck_assert_uint_eq(tu_off(t, AT(i)), i * PG);
	}
	md_table_free(t);
}
END_TEST

START_TEST(heap_later_growth_new_object)
{
	struct md_table *t = heap5();
	ck_assert_uint_eq(tu_obj(t, AT(1)), tu_obj(t, AT(0)));
	ck_assert_uint_ne(tu_obj(t, AT(2)), tu_obj(t, AT(1)));
	md_table_free(t);
}
END_TEST

START_TEST(heap_growth_keeps_earlier_pages)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, md_table_brk(t, AT(0), AT(2), 1));
	enum md_verdict_kind k;
	VERDICT_AROUND(t, 0, 2, UPD(t, md_table_brk(t, AT(2), AT(5), 2)), k);
	expect_kind(k, MD_V_REUSED);
	md_table_free(t);
}
END_TEST

START_TEST(heap_unaligned_brk_rounds_up)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, md_table_brk(t, AT(0), AT(1) + 1, 1));
	ck_assert_uint_ne(tu_obj(t, AT(1)), 0);
	ck_assert_uint_eq(tu_obj(t, AT(2)), 0);
	UPD(t, md_table_brk(t, AT(1) + 1, AT(1) + 100, 2));
	ck_assert_uint_eq(tu_obj(t, AT(2)), 0);
	md_table_free(t);
}
END_TEST

START_TEST(heap_shrink_kills_pages)
{
	struct md_table *t = heap5();
	struct md_desc *d = tu_desc(t, 0, 5, MD_DIR_INOUT, 3);
	UPD(t, md_table_brk(t, AT(5), AT(3), 4));
	ck_assert_uint_eq(tu_obj(t, AT(3)), 0);
	ck_assert_uint_eq(tu_obj(t, AT(4)), 0);
	struct md_verdict v;
	tu_judge(t, d, 5, &v, 0);
	expect_kind(v.kind, MD_V_NULL);
	ck_assert_uint_eq(v.start, AT(3));
	ck_assert_uint_eq(v.end, AT(5));
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(heap_regrow_rebuilt)
{
	struct md_table *t = heap5();
	uint64_t old = tu_obj(t, AT(3));
	enum md_verdict_kind k;
	VERDICT_AROUND(t, 0, 5, {
		UPD(t, md_table_brk(t, AT(5), AT(3), 3));
		UPD(t, md_table_brk(t, AT(3), AT(5), 4));
	}, k);
	expect_kind(k, MD_V_REBUILT);
	ck_assert_uint_ne(tu_obj(t, AT(3)), old);
	ck_assert_uint_eq(tu_off(t, AT(3)), 3 * PG);
	ck_assert_uint_eq(tu_off(t, AT(4)), 4 * PG);
	md_table_free(t);
}
END_TEST

/* ---------- munmap, mprotect ---------- */

START_TEST(unmap_partial_keeps_rest)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 4, MD_ANON_PRIVATE, RW, 1));
	uint64_t obj = tu_obj(t, AT(0));
	struct md_desc *lo = tu_desc(t, 0, 1, MD_DIR_INOUT, 2);
	struct md_desc *hi = tu_desc(t, 2, 2, MD_DIR_INOUT, 2);
	UPD(t, md_table_unmap(t, AT(1), PG, 3));
	ck_assert_uint_eq(tu_obj(t, AT(1)), 0);
	ck_assert_uint_eq(tu_obj(t, AT(2)), obj);
	ck_assert_uint_eq(tu_off(t, AT(3)), 3 * PG);
	expect_kind(judge(t, lo, 4), MD_V_REUSED);
	expect_kind(judge(t, hi, 4), MD_V_REUSED);
	md_desc_release(lo);
	md_desc_release(hi);
	md_table_free(t);
}
END_TEST

START_TEST(protect_keeps_identity)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 4, MD_ANON_PRIVATE, RW, 1));
	uint64_t obj = tu_obj(t, AT(0));
	enum md_verdict_kind k;
	VERDICT_AROUND(t, 0, 4, UPD(t, md_table_protect(t, AT(1), 2 * PG, RW | MD_PROT_X, 2)), k);
	expect_kind(k, MD_V_REUSED);
	for (unsigned i = 0; i < 4; i++) {
		ck_assert_uint_eq(tu_obj(t, AT(i)), obj);
		ck_assert_uint_eq(tu_off(t, AT(i)), i * PG);
	}
	ck_assert_uint_eq(md_table_find(t, AT(1))->prot, RW | MD_PROT_X);
	md_table_free(t);
}
END_TEST

/* ---------- mremap ---------- */

/* Growth keeps the old pages; the added pages of private memory are new
 * zero-filled memory (a new object), of shared memory more of the same. */
START_TEST(remap_grow_in_place_keeps_old_pages)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 2, MD_ANON_PRIVATE, RW, 1));
	uint64_t obj = tu_obj(t, AT(0));
	enum md_verdict_kind k;
	VERDICT_AROUND(t, 0, 2, UPD(t, md_table_remap(t, AT(0), 2 * PG, AT(0), 4 * PG, 0, 2)), k);
	expect_kind(k, MD_V_REUSED);
	for (unsigned i = 0; i < 2; i++) {
		ck_assert_uint_eq(tu_obj(t, AT(i)), obj);
		ck_assert_uint_eq(tu_off(t, AT(i)), i * PG);
	}
	ck_assert_uint_ne(tu_obj(t, AT(2)), obj);
	ck_assert_uint_eq(tu_obj(t, AT(3)), tu_obj(t, AT(2)));
	md_table_free(t);
}
END_TEST

START_TEST(remap_grow_shared_continues_object)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 2, MD_ANON_SHARED, RW, 1));
	uint64_t obj = tu_obj(t, AT(0));
	UPD(t, md_table_remap(t, AT(0), 2 * PG, AT(0), 4 * PG, 0, 2));
	for (unsigned i = 0; i < 4; i++) {
		ck_assert_uint_eq(tu_obj(t, AT(i)), obj);
		ck_assert_uint_eq(tu_off(t, AT(i)), i * PG);
	}
	md_table_free(t);
}
END_TEST

/* Shrink then regrow: the private pages that died come back as new memory,
 * so a descriptor made before the shrink is rebuilt (an ABA). */
START_TEST(remap_shrink_regrow_private_is_rebuilt)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 4, MD_ANON_PRIVATE, RW, 1));
	struct md_desc *d = tu_desc(t, 0, 4, MD_DIR_INOUT, 1);
	UPD(t, md_table_remap(t, AT(0), 4 * PG, AT(0), 2 * PG, 0, 2));
	UPD(t, md_table_remap(t, AT(0), 2 * PG, AT(0), 4 * PG, 0, 3));
	struct md_verdict v;
	tu_judge(t, d, 3, &v, 0);
	expect_kind(v.kind, MD_V_REBUILT);
	ck_assert_uint_eq(v.start, AT(2));
	ck_assert_uint_eq(v.ev, 3);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(remap_shrink_unmaps_tail)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 4, MD_ANON_PRIVATE, RW, 1));
	uint64_t obj = tu_obj(t, AT(0));
	struct md_desc *all = tu_desc(t, 0, 4, MD_DIR_INOUT, 2);
	struct md_desc *head = tu_desc(t, 0, 2, MD_DIR_INOUT, 2);
	UPD(t, md_table_remap(t, AT(0), 4 * PG, AT(0), 2 * PG, 0, 3));
	ck_assert_uint_eq(tu_obj(t, AT(1)), obj);
	ck_assert_uint_eq(tu_obj(t, AT(2)), 0);
	ck_assert_uint_eq(tu_obj(t, AT(3)), 0);
	expect_kind(judge(t, head, 4), MD_V_REUSED);
	struct md_verdict v;
	tu_judge(t, all, 4, &v, 0);
	expect_kind(v.kind, MD_V_NULL);
	ck_assert_uint_eq(v.start, AT(2));
	ck_assert_uint_eq(v.end, AT(4));
	md_desc_release(all);
	md_desc_release(head);
	md_table_free(t);
}
END_TEST

START_TEST(remap_move_carries_object)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_file(t, 0, 2, MD_FILE_SHARED, RW, DEV, 77, 5 * PG, 1));
	uint64_t obj = tu_obj(t, AT(0));
	struct md_desc *d = tu_desc(t, 0, 2, MD_DIR_INOUT, 2);
	UPD(t, md_table_remap(t, AT(0), 2 * PG, AT(10), 2 * PG, MOVE, 3));
	ck_assert_uint_eq(tu_obj(t, AT(0)), 0);
	ck_assert_uint_eq(tu_obj(t, AT(1)), 0);
	ck_assert_uint_eq(tu_obj(t, AT(10)), obj);
	ck_assert_uint_eq(tu_off(t, AT(10)), 5 * PG);
	ck_assert_uint_eq(tu_off(t, AT(11)), 6 * PG);
	struct md_verdict v;
	tu_judge(t, d, 4, &v, 0);
	expect_kind(v.kind, MD_V_NULL);
	ck_assert_int_eq(v.reason, MD_R_UNMAPPED);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(remap_move_and_grow_carries_old_pages)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 2, MD_ANON_PRIVATE, RW, 1));
	uint64_t obj = tu_obj(t, AT(0));
	UPD(t, md_table_remap(t, AT(0), 2 * PG, AT(10), 3 * PG, MOVE, 2));
	for (unsigned i = 0; i < 2; i++) {
		ck_assert_uint_eq(tu_obj(t, AT(10 + i)), obj);
		ck_assert_uint_eq(tu_off(t, AT(10 + i)), i * PG);
	}
	ck_assert_uint_ne(tu_obj(t, AT(12)), obj); /* the added page is new memory */
	ck_assert_uint_ne(tu_obj(t, AT(12)), 0);
	ck_assert_uint_eq(tu_obj(t, AT(0)), 0);
	md_table_free(t);
}
END_TEST

/* MREMAP_FIXED onto live pages replaces them; the rest of the victim keeps
 * its identity. */
START_TEST(remap_move_over_live_pages_replaces_them)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 2, MD_ANON_PRIVATE, RW, 1));
	UPD(t, tu_anon(t, 10, 4, MD_ANON_PRIVATE, RW, 2));
	uint64_t obj = tu_obj(t, AT(0)), victim = tu_obj(t, AT(10));
	UPD(t, md_table_remap(t, AT(0), 2 * PG, AT(10), 2 * PG, MOVE, 3));
	ck_assert_uint_eq(tu_obj(t, AT(10)), obj);
	ck_assert_uint_eq(tu_obj(t, AT(11)), obj);
	ck_assert_uint_eq(tu_obj(t, AT(12)), victim);
	ck_assert_uint_eq(tu_off(t, AT(12)), 2 * PG);
	md_table_free(t);
}
END_TEST

START_TEST(remap_dontunmap_old_range_fresh)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 2, MD_ANON_PRIVATE, RW, 1));
	uint64_t obj = tu_obj(t, AT(0)), last = md_table_last_object(t);
	enum md_verdict_kind k;
	VERDICT_AROUND(t, 0, 2, UPD(t, md_table_remap(t, AT(0), 2 * PG, AT(10), 2 * PG,
						       MOVE | MREMAP_DONTUNMAP, 2)), k);
	expect_kind(k, MD_V_REBUILT);
	uint64_t fresh = tu_obj(t, AT(0));
	ck_assert_uint_gt(fresh, last);
	ck_assert_uint_eq(tu_obj(t, AT(1)), fresh);
	ck_assert_uint_eq(md_table_find(t, AT(0))->kind, MD_ANON_PRIVATE);
	ck_assert_uint_eq(tu_obj(t, AT(10)), obj);
	ck_assert_uint_eq(tu_off(t, AT(11)), PG);
	md_table_free(t);
}
END_TEST

START_TEST(remap_dontunmap_moved_range_keeps_identity)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 2, MD_ANON_PRIVATE, RW, 1));
	UPD(t, md_table_remap(t, AT(0), 2 * PG, AT(10), 2 * PG, MOVE | MREMAP_DONTUNMAP, 2));
	enum md_verdict_kind k;
	VERDICT_AROUND(t, 10, 2, UPD(t, md_table_unmap(t, AT(0), 2 * PG, 3)), k);
	expect_kind(k, MD_V_REUSED);
	md_table_free(t);
}
END_TEST

/* mremap(old, 0, new) of a shared mapping: a second view of the same
 * pages; the first stays. */
START_TEST(remap_oldlen0_duplicates_shared)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 2, MD_ANON_SHARED, RW, 1));
	uint64_t obj = tu_obj(t, AT(0));
	enum md_verdict_kind k;
	VERDICT_AROUND(t, 0, 2, UPD(t, md_table_remap(t, AT(0), 0, AT(10), 2 * PG,
						       MREMAP_MAYMOVE, 2)), k);
	expect_kind(k, MD_V_REUSED);
	ck_assert_uint_eq(tu_obj(t, AT(10)), obj);
	ck_assert_uint_eq(tu_off(t, AT(10)), 0);
	ck_assert_uint_eq(tu_obj(t, AT(11)), obj);
	ck_assert_uint_eq(tu_off(t, AT(11)), PG);
	md_table_free(t);
}
END_TEST

/* ---------- fork ---------- */

/* Page 0..1 private anon, 2 shared anon, 3 shared file, 4 shm, 5 private
 * file, 6 private DONTFORK, 7 heap; 0..1 split by mprotect. */
static struct md_table *mixed(void)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 2, MD_ANON_PRIVATE, RW, 1));
	UPD(t, md_table_protect(t, AT(1), PG, MD_PROT_R, 2));
	UPD(t, tu_anon(t, 2, 1, MD_ANON_SHARED, RW, 3));
	UPD(t, tu_file(t, 3, 1, MD_FILE_SHARED, RW, DEV, 77, 0, 4));
	UPD(t, md_table_shmat(t, AT(4), PG, SHMID, RW, 5));
	UPD(t, tu_file(t, 5, 1, MD_FILE_PRIVATE, RW, DEV, 77, 0, 6));
	UPD(t, tu_anon(t, 6, 1, MD_ANON_PRIVATE, RW, 7));
	UPD(t, md_table_advise(t, AT(6), PG, MADV_DONTFORK, 8));
	UPD(t, md_table_brk(t, AT(7), AT(8), 9));
	return t;
}

static struct md_table *fork_of(struct md_table *t)
{
	struct md_table *c = md_table_fork(t, 20);
	ck_assert_ptr_nonnull(c);
	TABLE_OK(t);
	TABLE_OK(c);
	return c;
}

START_TEST(fork_private_replaced)
{
	struct md_table *t = mixed();
	uint64_t last = md_table_last_object(t);
	struct md_table *c = fork_of(t);
	static const unsigned priv[] = {0, 5, 7};
	for (unsigned k = 0; k < 3; k++) {
		uint64_t a = AT(priv[k]);
		ck_assert_uint_ne(tu_obj(c, a), 0);
		ck_assert_msg(tu_obj(c, a) > last, "page %u kept a parent id", priv[k]);
		ck_assert_uint_eq(tu_off(c, a), tu_off(t, a));
	}
	struct md_desc *d = tu_desc(t, 0, 1, MD_DIR_INOUT, 10);
	expect_kind(judge(c, d, 21), MD_V_REBUILT);
	md_desc_release(d);
	md_table_free(c);
	md_table_free(t);
}
END_TEST

/* Splitting a private object (mprotect) does not make two objects of it
 * in the child. */
START_TEST(fork_child_keeps_split_object_whole)
{
	struct md_table *t = mixed();
	struct md_table *c = fork_of(t);
	ck_assert_uint_eq(tu_obj(c, AT(1)), tu_obj(c, AT(0)));
	ck_assert_uint_eq(tu_off(c, AT(1)), PG);
	md_table_free(c);
	md_table_free(t);
}
END_TEST

START_TEST(fork_shared_kept)
{
	struct md_table *t = mixed();
	struct md_table *c = fork_of(t);
	for (unsigned i = 2; i <= 4; i++) {
		ck_assert_uint_eq(tu_obj(c, AT(i)), tu_obj(t, AT(i)));
		ck_assert_uint_eq(tu_off(c, AT(i)), tu_off(t, AT(i)));
	}
	struct md_desc *d = tu_desc(t, 2, 3, MD_DIR_INOUT, 10);
	expect_kind(judge(c, d, 21), MD_V_REUSED);
	md_desc_release(d);
	md_table_free(c);
	md_table_free(t);
}
END_TEST

START_TEST(fork_dontfork_absent_in_child)
{
	struct md_table *t = mixed();
	struct md_table *c = fork_of(t);
	ck_assert_uint_eq(tu_obj(c, AT(6)), 0);
	ck_assert_uint_ne(tu_obj(t, AT(6)), 0);
	md_table_free(c);
	md_table_free(t);
}
END_TEST

START_TEST(fork_parent_unchanged)
{
	struct md_table *t = mixed();
	uint64_t before[8];
	for (unsigned i = 0; i < 8; i++)
		before[i] = tu_obj(t, AT(i));
	struct md_desc *d = tu_desc(t, 0, 8, MD_DIR_OUT, 10);
	struct md_table *c = fork_of(t);
	for (unsigned i = 0; i < 8; i++)
		ck_assert_uint_eq(tu_obj(t, AT(i)), before[i]);
	expect_kind(judge(t, d, 21), MD_V_REUSED);
	md_desc_release(d);
	md_table_free(c);
	md_table_free(t);
}
END_TEST

/* ---------- object ids ---------- */

START_TEST(ids_never_reused)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	uint64_t max = 0;
	for (unsigned round = 0; round < 20; round++) {
		unsigned i = round % 3;
		UPD(t, tu_anon(t, i, 1, round & 1 ? MD_ANON_SHARED : MD_ANON_PRIVATE, RW, round));
		uint64_t id = tu_obj(t, AT(i));
		ck_assert_msg(id > max, "round %u: id %llu not above %llu", round,
			      (unsigned long long)id, (unsigned long long)max);
		max = id;
		UPD(t, md_table_unmap(t, AT(i), PG, round));
	}
	md_table_free(t);
}
END_TEST

/* ---------- the [stack] ---------- */

/* A [stack] seeded at pages 100..103, growable to 16 pages. */
static struct md_table *with_stack(void)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	char line[128];
	int n = snprintf(line, sizeof line, "%llx-%llx rw-p 00000000 00:00 0 [stack]\n",
			 (unsigned long long)AT(100), (unsigned long long)AT(104));
	ck_assert_int_eq(md_table_seed(t, line, (size_t)n, 1), 1);
	TABLE_OK(t);
	md_table_set_stack_limit(t, 16 * PG);
	return t;
}

START_TEST(stack_growth_judged_as_stack)
{
	struct md_table *t = with_stack();
	struct md_desc *d = tu_desc(t, 98, 2, MD_DIR_INOUT, 2);
	struct md_verdict v;
	tu_judge(t, d, 3, &v, 0);
	expect_kind(v.kind, MD_V_REUSED);
	ck_assert_int_eq(v.reason, MD_R_STACK_ASSUMED);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(stack_straddling_range_judged_as_stack)
{
	struct md_table *t = with_stack();
	struct md_desc *d = tu_desc(t, 99, 3, MD_DIR_INOUT, 2);
	struct md_verdict v;
	tu_judge(t, d, 3, &v, 0);
	expect_kind(v.kind, MD_V_REUSED);
	ck_assert_int_eq(v.reason, MD_R_STACK_ASSUMED);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(stack_itself_is_plain_same)
{
	struct md_table *t = with_stack();
	struct md_desc *d = tu_desc(t, 100, 4, MD_DIR_INOUT, 2);
	struct md_verdict v;
	tu_judge(t, d, 3, &v, 0);
	expect_kind(v.kind, MD_V_REUSED);
	ck_assert_int_eq(v.reason, MD_R_SAME);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* The stack can reach down to 104 - 16 = page 88; pages 86..87 are below
 * that: a mapping there that goes away is unmapped, not stack. */
START_TEST(stack_below_limit_unmapped)
{
	struct md_table *t = with_stack();
	UPD(t, tu_anon(t, 86, 2, MD_ANON_PRIVATE, RW, 2));
	struct md_desc *d = tu_desc(t, 86, 2, MD_DIR_INOUT, 3);
	UPD(t, md_table_unmap(t, AT(86), 2 * PG, 4));
	struct md_verdict v;
	tu_judge(t, d, 5, &v, 0);
	expect_kind(v.kind, MD_V_NULL);
	ck_assert_int_eq(v.reason, MD_R_UNMAPPED);
	ck_assert_uint_eq(v.start, AT(86));
	ck_assert_uint_eq(v.end, AT(88));
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(stack_limit_boundary)
{
	struct md_table *t = with_stack();
	struct md_piece p;
	md_table_span(t, AT(87), AT(89), &p);
	ck_assert_uint_eq(p.obj, 0);
	ck_assert_uint_eq(p.end, AT(88));
	md_table_span(t, AT(88), AT(89), &p);
	ck_assert_uint_eq(p.obj, tu_obj(t, AT(100)));
	ck_assert(p.flags & MD_PF_STACKGROW);
	md_table_free(t);
}
END_TEST

Suite *md_test_suite(void)
{
	Suite *s = suite_create("identity");
	TCase *tc = tcase_create("anon");
	tcase_add_test(tc, anon_private_one_object_per_call);
	tcase_add_test(tc, anon_private_aba_map_fixed_rebuilt);
	tcase_add_test(tc, anon_private_aba_after_munmap_rebuilt);
	tcase_add_test(tc, anon_shared_new_object_per_call);
	tcase_add_test(tc, anon_shared_fork_child_shares);
	suite_add_tcase(s, tc);

	tc = tcase_create("file");
	tcase_add_test(tc, file_shared_same_offset_reused);
	tcase_add_test(tc, file_shared_other_offset_rebuilt);
	tcase_add_test(tc, file_shared_other_inode_rebuilt);
	tcase_add_test(tc, file_shared_other_device_rebuilt);
	tcase_add_test(tc, file_shared_offset_is_file_offset);
	tcase_add_test(tc, file_shared_two_views_one_object);
	tcase_add_test(tc, file_private_mapped_again_rebuilt);
	tcase_add_test(tc, file_private_new_object_per_call);
	suite_add_tcase(s, tc);

	tc = tcase_create("shm");
	tcase_add_test(tc, shm_offset_in_segment);
	tcase_add_test(tc, shm_detach_unmapped);
	tcase_add_test(tc, shm_reattach_same_address_reused);
	tcase_add_test(tc, shm_reattach_other_segment_rebuilt);
	tcase_add_test(tc, shm_partial_munmap_keeps_rest);
	tcase_add_test(tc, shm_detach_after_partial_munmap_removes_rest);
	tcase_add_test(tc, shm_detach_leaves_other_attach);
	suite_add_tcase(s, tc);

	tc = tcase_create("heap");
	tcase_add_test(tc, heap_offsets_from_heap_start);
	tcase_add_test(tc, heap_later_growth_new_object);
	tcase_add_test(tc, heap_growth_keeps_earlier_pages);
	tcase_add_test(tc, heap_unaligned_brk_rounds_up);
	tcase_add_test(tc, heap_shrink_kills_pages);
	tcase_add_test(tc, heap_regrow_rebuilt);
	suite_add_tcase(s, tc);

	tc = tcase_create("transitions");
	tcase_add_test(tc, unmap_partial_keeps_rest);
	tcase_add_test(tc, protect_keeps_identity);
	tcase_add_test(tc, remap_grow_in_place_keeps_old_pages);
	tcase_add_test(tc, remap_grow_shared_continues_object);
	tcase_add_test(tc, remap_shrink_regrow_private_is_rebuilt);
	tcase_add_test(tc, remap_shrink_unmaps_tail);
	tcase_add_test(tc, remap_move_carries_object);
	tcase_add_test(tc, remap_move_and_grow_carries_old_pages);
	tcase_add_test(tc, remap_move_over_live_pages_replaces_them);
	tcase_add_test(tc, remap_dontunmap_old_range_fresh);
	tcase_add_test(tc, remap_dontunmap_moved_range_keeps_identity);
	tcase_add_test(tc, remap_oldlen0_duplicates_shared);
	suite_add_tcase(s, tc);

	tc = tcase_create("fork");
	tcase_add_test(tc, fork_private_replaced);
	tcase_add_test(tc, fork_child_keeps_split_object_whole);
	tcase_add_test(tc, fork_shared_kept);
	tcase_add_test(tc, fork_dontfork_absent_in_child);
	tcase_add_test(tc, fork_parent_unchanged);
	suite_add_tcase(s, tc);

	tc = tcase_create("ids");
	tcase_add_test(tc, ids_never_reused);
	suite_add_tcase(s, tc);

	tc = tcase_create("stack");
	tcase_add_test(tc, stack_growth_judged_as_stack);
	tcase_add_test(tc, stack_straddling_range_judged_as_stack);
	tcase_add_test(tc, stack_itself_is_plain_same);
	tcase_add_test(tc, stack_below_limit_unmapped);
	tcase_add_test(tc, stack_limit_boundary);
	suite_add_tcase(s, tc);
	return s;
}
