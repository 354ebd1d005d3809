/* check_rules.c - the decision rules of mdtrace-verdicts(7), one test per rule
 * and per case the rules name, on hand-built tables (page size 4096). */
#define _GNU_SOURCE
#include "check_main.h"
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define RW (MD_PROT_R | MD_PROT_W)

/* Four private anonymous pages 0..3 mapped by one call at event 1. */
static struct md_table *four_pages(void)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 4, MD_ANON_PRIVATE, RW, 1));
	return t;
}

static struct md_desc *two_ranges(const struct md_table *t, unsigned a, unsigned na,
				  unsigned b, unsigned nb, uint64_t at)
{
	struct md_range r[2] = {{AT(a), na * PG}, {AT(b), nb * PG}};
	struct md_desc *d = md_desc_capture(t, r, 2, MD_OPT_PERSISTENT, MD_DIR_INOUT, at);
	ck_assert_ptr_nonnull(d);
	return d;
}

static void expect(const struct md_verdict *v, enum md_verdict_kind k, enum md_reason r)
{
	ck_assert_msg(v->kind == k, "verdict %s, expected %s", md_verdict_name(v->kind),
		      md_verdict_name(k));
	ck_assert_msg(v->reason == r, "reason %s, expected %s", md_reason_name(v->reason),
		      md_reason_name(r));
}

static void expect_range(const struct md_verdict *v, uint64_t s, uint64_t e)
{
	ck_assert_msg(v->start == s && v->end == e, "named 0x%llx-0x%llx, expected 0x%llx-0x%llx",
		      (unsigned long long)v->start, (unsigned long long)v->end,
		      (unsigned long long)s, (unsigned long long)e);
}

/* ---------- rule 1 ---------- */

START_TEST(rule1_not_persistent_is_null)
{
	struct md_table *t = four_pages();
	struct md_range r = {AT(0), 4 * PG};
	struct md_desc *d = md_desc_capture(t, &r, 1, 0, MD_DIR_INOUT, 2);
	ck_assert_ptr_nonnull(d);
	struct md_verdict v;
	tu_judge(t, d, 3, &v, 1);
	expect(&v, MD_V_NULL, MD_R_NOT_PERSISTENT);
	ck_assert_ptr_null(v.desc);
	ck_assert_uint_eq(d->refs, 1);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(rule1_checked_before_unmapped)
{
	struct md_table *t = four_pages();
	struct md_range r = {AT(0), 4 * PG};
	struct md_desc *d = md_desc_capture(t, &r, 1, 0, MD_DIR_INOUT, 2);
	ck_assert_ptr_nonnull(d);
	UPD(t, md_table_unmap(t, AT(0), 4 * PG, 3));
	struct md_verdict v;
	tu_judge(t, d, 4, &v, 0);
	expect(&v, MD_V_NULL, MD_R_NOT_PERSISTENT);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* ---------- rule 2 ---------- */

START_TEST(rule2_whole_range_unmapped)
{
	struct md_table *t = four_pages();
	struct md_desc *d = tu_desc(t, 0, 4, MD_DIR_INOUT, 2);
	UPD(t, md_table_unmap(t, AT(0), 4 * PG, 3));
	struct md_verdict v;
	tu_judge(t, d, 4, &v, 1);
	expect(&v, MD_V_NULL, MD_R_UNMAPPED);
	expect_range(&v, AT(0), AT(4));
	ck_assert_ptr_null(v.desc);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(rule2_partial_unmapped)
{
	struct md_table *t = four_pages();
	struct md_desc *d = tu_desc(t, 0, 4, MD_DIR_INOUT, 2);
	UPD(t, md_table_unmap(t, AT(2), 2 * PG, 3));
	struct md_verdict v;
	tu_judge(t, d, 4, &v, 0);
	expect(&v, MD_V_NULL, MD_R_UNMAPPED);
	expect_range(&v, AT(2), AT(4));
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(rule2_hole_in_middle)
{
	struct md_table *t = four_pages();
	struct md_desc *d = tu_desc(t, 0, 4, MD_DIR_INOUT, 2);
	UPD(t, md_table_unmap(t, AT(1), 2 * PG, 3));
	struct md_verdict v;
	tu_judge(t, d, 4, &v, 0);
	expect(&v, MD_V_NULL, MD_R_UNMAPPED);
	expect_range(&v, AT(1), AT(3));
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* Two holes, the higher one made first: the lower one is named, alone. */
START_TEST(rule2_names_first_of_two_holes)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 6, MD_ANON_PRIVATE, RW, 1));
	struct md_desc *d = tu_desc(t, 0, 6, MD_DIR_INOUT, 2);
	UPD(t, md_table_unmap(t, AT(4), PG, 3));
	UPD(t, md_table_unmap(t, AT(1), PG, 4));
	struct md_verdict v;
	tu_judge(t, d, 5, &v, 0);
	expect(&v, MD_V_NULL, MD_R_UNMAPPED);
	expect_range(&v, AT(1), AT(2));
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* A hole spanning two captured identity runs is one unmapped sub-range. */
START_TEST(rule2_hole_across_captured_runs)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 2, MD_ANON_PRIVATE, RW, 1));
	UPD(t, tu_anon(t, 2, 2, MD_ANON_PRIVATE, RW, 2));
	struct md_desc *d = tu_desc(t, 0, 4, MD_DIR_INOUT, 3);
	ck_assert_uint_eq(d->nsegs, 2);
	UPD(t, md_table_unmap(t, AT(1), 2 * PG, 4));
	struct md_verdict v;
	tu_judge(t, d, 5, &v, 0);
	expect(&v, MD_V_NULL, MD_R_UNMAPPED);
	expect_range(&v, AT(1), AT(3));
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* ---------- rule 3 ---------- */

static void protect_case(enum md_dir dir, unsigned prot, enum md_verdict_kind k)
{
	struct md_table *t = four_pages();
	struct md_desc *d = tu_desc(t, 0, 4, dir, 2);
	UPD(t, md_table_protect(t, AT(0), 4 * PG, prot, 3));
	struct md_verdict v;
	tu_judge(t, d, 4, &v, 0);
	expect(&v, k, k == MD_V_NULL ? MD_R_PROTECTION : MD_R_SAME);
	if (k == MD_V_NULL) {
		expect_range(&v, AT(0), AT(4));
		ck_assert_uint_eq(v.have, prot);
		ck_assert_uint_eq(v.need, dir == MD_DIR_OUT ? MD_PROT_R : RW);
	}
	md_desc_release(d);
	md_table_free(t);
}

START_TEST(rule3_in_needs_write) { protect_case(MD_DIR_IN, MD_PROT_R, MD_V_NULL); }
END_TEST
START_TEST(rule3_inout_needs_write) { protect_case(MD_DIR_INOUT, MD_PROT_R, MD_V_NULL); }
END_TEST
START_TEST(rule3_out_needs_no_write) { protect_case(MD_DIR_OUT, MD_PROT_R, MD_V_REUSED); }
END_TEST
START_TEST(rule3_out_needs_read) { protect_case(MD_DIR_OUT, MD_PROT_W, MD_V_NULL); }
END_TEST
START_TEST(rule3_in_needs_read) { protect_case(MD_DIR_IN, MD_PROT_W, MD_V_NULL); }
END_TEST
START_TEST(rule3_exec_only_is_null) { protect_case(MD_DIR_OUT, MD_PROT_X, MD_V_NULL); }
END_TEST
START_TEST(rule3_extra_access_kept_reused)
{
	protect_case(MD_DIR_INOUT, RW | MD_PROT_X, MD_V_REUSED);
}
END_TEST

/* PROT_NONE fails every direction (loop index = enum md_dir). */
START_TEST(rule3_prot_none_is_null)
{
	protect_case((enum md_dir)_i, 0, MD_V_NULL);
}
END_TEST

START_TEST(rule3_names_first_page_lacking_access)
{
	struct md_table *t = four_pages();
	struct md_desc *d = tu_desc(t, 0, 4, MD_DIR_INOUT, 2);
	UPD(t, md_table_protect(t, AT(3), PG, MD_PROT_R, 3));
	UPD(t, md_table_protect(t, AT(1), PG, MD_PROT_R, 4));
	struct md_verdict v;
	tu_judge(t, d, 5, &v, 0);
	expect(&v, MD_V_NULL, MD_R_PROTECTION);
	expect_range(&v, AT(1), AT(2));
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(rule3_protect_away_and_back_reused)
{
	struct md_table *t = four_pages();
	struct md_desc *d = tu_desc(t, 0, 4, MD_DIR_INOUT, 2);
	UPD(t, md_table_protect(t, AT(1), 2 * PG, 0, 3));
	UPD(t, md_table_protect(t, AT(1), 2 * PG, RW, 4));
	struct md_verdict v;
	tu_judge(t, d, 5, &v, 0);
	expect(&v, MD_V_REUSED, MD_R_SAME);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* ---------- rule 4 ---------- */

START_TEST(rule4_reused_retains_original)
{
	struct md_table *t = four_pages();
	struct md_desc *d = tu_desc(t, 0, 4, MD_DIR_INOUT, 2);
	ck_assert_uint_eq(d->refs, 1);
	struct md_verdict v;
	tu_judge(t, d, 3, &v, 1);
	expect(&v, MD_V_REUSED, MD_R_SAME);
	ck_assert_ptr_eq(v.desc, d);
	ck_assert_uint_eq(d->refs, 2);
	md_desc_release(v.desc);
	ck_assert_uint_eq(d->refs, 1);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* ---------- rule 5 ---------- */

START_TEST(rule5_rebuilt_is_new_descriptor)
{
	struct md_table *t = four_pages();
	struct md_range r[2] = {{AT(0), 2 * PG}, {AT(2) + 100, 500}};
	struct md_desc *d = md_desc_capture(t, r, 2, MD_OPT_PERSISTENT, MD_DIR_IN, 2);
	ck_assert_ptr_nonnull(d);
	UPD(t, tu_anon(t, 1, 1, MD_ANON_PRIVATE, RW, 7));
	struct md_verdict v;
	tu_judge(t, d, 9, &v, 1);
	expect(&v, MD_V_REBUILT, MD_R_IDENTITY);
	ck_assert_ptr_nonnull(v.desc);
	ck_assert_ptr_ne(v.desc, d);
	ck_assert_uint_eq(d->refs, 1);
	ck_assert_uint_eq(v.desc->refs, 1);
	ck_assert_uint_eq(v.desc->nranges, 2);
	ck_assert_mem_eq(v.desc->ranges, r, sizeof r);
	ck_assert_uint_eq(v.desc->options, d->options);
	ck_assert_int_eq(v.desc->dir, MD_DIR_IN);
	ck_assert_uint_eq(v.desc->at, 9);
	md_desc_release(v.desc);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* The new descriptor holds the identities of the new point: judged again
 * right away it is reused. */
START_TEST(rule5_rebuilt_captured_at_new_point)
{
	struct md_table *t = four_pages();
	struct md_desc *d = tu_desc(t, 0, 4, MD_DIR_INOUT, 2);
	UPD(t, tu_anon(t, 1, 2, MD_ANON_PRIVATE, RW, 7));
	struct md_verdict v, w;
	tu_judge(t, d, 9, &v, 1);
	expect(&v, MD_V_REBUILT, MD_R_IDENTITY);
	int found = 0;
	for (size_t i = 0; i < v.desc->nsegs; i++) {
		const struct md_seg *s = &v.desc->segs[i];
		if (s->start <= AT(1) && AT(1) < s->end)
			found = s->obj == tu_obj(t, AT(1));
	}
	ck_assert_msg(found, "rebuilt descriptor does not hold the new object of page 1");
	tu_judge(t, v.desc, 10, &w, 0);
	expect(&w, MD_V_REUSED, MD_R_SAME);
	md_desc_release(v.desc);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* The higher page changed first, the lower one later: the lower page and
 * its (later) event are named. */
START_TEST(rule5_names_first_changed_page_and_event)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 6, MD_ANON_PRIVATE, RW, 1));
	uint64_t old = tu_obj(t, AT(0));
	struct md_desc *d = tu_desc(t, 0, 6, MD_DIR_INOUT, 2);
	UPD(t, tu_anon(t, 4, 1, MD_ANON_PRIVATE, RW, 5));
	UPD(t, tu_anon(t, 2, 1, MD_ANON_PRIVATE, RW, 8));
	struct md_verdict v;
	tu_judge(t, d, 9, &v, 0);
	expect(&v, MD_V_REBUILT, MD_R_IDENTITY);
	expect_range(&v, AT(2), AT(3));
	ck_assert_uint_eq(v.ev, 8);
	ck_assert_uint_eq(v.old_obj, old);
	ck_assert_uint_eq(v.old_off, 2 * PG);
	ck_assert_uint_eq(v.new_obj, tu_obj(t, AT(2)));
	ck_assert_uint_eq(v.new_off, 0);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* Identity is (object, offset): the same file object at another offset is
 * other memory. */
START_TEST(rule5_offset_change_alone_rebuilds)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_file(t, 0, 2, MD_FILE_SHARED, RW, 0x801, 77, 0, 1));
	struct md_desc *d = tu_desc(t, 0, 2, MD_DIR_INOUT, 2);
	uint64_t obj = tu_obj(t, AT(0));
	UPD(t, tu_file(t, 0, 2, MD_FILE_SHARED, RW, 0x801, 77, 4 * PG, 3));
	ck_assert_uint_eq(tu_obj(t, AT(0)), obj);
	struct md_verdict v;
	tu_judge(t, d, 4, &v, 0);
	expect(&v, MD_V_REBUILT, MD_R_IDENTITY);
	ck_assert_uint_eq(v.ev, 3);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* ---------- several ranges, rule order ---------- */

START_TEST(multi_second_range_unmapped)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 8, MD_ANON_PRIVATE, RW, 1));
	struct md_desc *d = two_ranges(t, 0, 2, 5, 2, 2);
	UPD(t, md_table_unmap(t, AT(6), PG, 3));
	struct md_verdict v;
	tu_judge(t, d, 4, &v, 0);
	expect(&v, MD_V_NULL, MD_R_UNMAPPED);
	expect_range(&v, AT(6), AT(7));
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(multi_first_failing_range_decides)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 8, MD_ANON_PRIVATE, RW, 1));
	struct md_desc *d = two_ranges(t, 0, 2, 5, 2, 2);
	UPD(t, md_table_unmap(t, AT(5), PG, 3));
	UPD(t, md_table_unmap(t, AT(1), PG, 4));
	struct md_verdict v;
	tu_judge(t, d, 5, &v, 0);
	expect(&v, MD_V_NULL, MD_R_UNMAPPED);
	expect_range(&v, AT(1), AT(2));
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* The lower range fails a later rule, the higher one an earlier rule. */
static void order_case(int lower, int higher, enum md_reason want)
{
	struct md_table *t = tu_table(MD_POLICY_CONTRACT);
	UPD(t, tu_anon(t, 0, 8, MD_ANON_PRIVATE, RW, 1));
	struct md_desc *d = two_ranges(t, 0, 2, 5, 2, 2);
	int what[2] = {lower, higher};
	for (int k = 0; k < 2; k++) {
		unsigned page = k ? 6 : 1;
		if (what[k] == MD_R_UNMAPPED)
			UPD(t, md_table_unmap(t, AT(page), PG, 3 + k));
		else if (what[k] == MD_R_PROTECTION)
			UPD(t, md_table_protect(t, AT(page), PG, MD_PROT_R, 3 + k));
		else
			UPD(t, tu_anon(t, page, 1, MD_ANON_PRIVATE, RW, 3 + k));
	}
	struct md_verdict v;
	tu_judge(t, d, 6, &v, 0);
	expect(&v, MD_V_NULL, want);
	expect_range(&v, AT(6), AT(7));
	md_desc_release(d);
	md_table_free(t);
}

START_TEST(order_unmapped_beats_protection)
{
	order_case(MD_R_PROTECTION, MD_R_UNMAPPED, MD_R_UNMAPPED);
}
END_TEST
START_TEST(order_unmapped_beats_identity)
{
	order_case(MD_R_IDENTITY, MD_R_UNMAPPED, MD_R_UNMAPPED);
}
END_TEST
START_TEST(order_protection_beats_identity)
{
	order_case(MD_R_IDENTITY, MD_R_PROTECTION, MD_R_PROTECTION);
}
END_TEST

/* ---------- capture ---------- */

START_TEST(capture_rounds_out_to_pages)
{
	struct md_table *t = four_pages();
	struct md_range r = {AT(1) + PG - 1, 2};
	struct md_desc *d = md_desc_capture(t, &r, 1, MD_OPT_PERSISTENT, MD_DIR_INOUT, 2);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_ge(d->nsegs, 1);
	ck_assert_uint_eq(d->segs[0].start, AT(1));
	ck_assert_uint_eq(d->segs[d->nsegs - 1].end, AT(3));
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* A range touching one byte of page 2 covers all of page 2. */
START_TEST(capture_rounded_end_page_counts)
{
	struct md_table *t = four_pages();
	struct md_range r = {AT(1) + PG - 1, 2};
	struct md_desc *d = md_desc_capture(t, &r, 1, MD_OPT_PERSISTENT, MD_DIR_INOUT, 2);
	ck_assert_ptr_nonnull(d);
	UPD(t, tu_anon(t, 2, 1, MD_ANON_PRIVATE, RW, 3));
	struct md_verdict v;
	tu_judge(t, d, 4, &v, 0);
	expect(&v, MD_V_REBUILT, MD_R_IDENTITY);
	expect_range(&v, AT(2), AT(3));
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(capture_page_past_range_ignored)
{
	struct md_table *t = four_pages();
	struct md_range r = {AT(1) + 100, 10};
	struct md_desc *d = md_desc_capture(t, &r, 1, MD_OPT_PERSISTENT, MD_DIR_INOUT, 2);
	ck_assert_ptr_nonnull(d);
	UPD(t, md_table_unmap(t, AT(2), 2 * PG, 3));
	UPD(t, md_table_unmap(t, AT(0), PG, 4));
	struct md_verdict v;
	tu_judge(t, d, 5, &v, 0);
	expect(&v, MD_V_REUSED, MD_R_SAME);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(capture_len0_is_null)
{
	struct md_table *t = four_pages();
	struct md_range r = {AT(0), 0};
	ck_assert_ptr_null(md_desc_capture(t, &r, 1, MD_OPT_PERSISTENT, MD_DIR_INOUT, 2));
	struct md_range r2[2] = {{AT(0), PG}, {AT(1), 0}};
	ck_assert_ptr_null(md_desc_capture(t, r2, 2, MD_OPT_PERSISTENT, MD_DIR_INOUT, 2));
	md_table_free(t);
}
END_TEST

START_TEST(capture_wrapping_is_null)
{
	struct md_table *t = four_pages();
	struct md_range wrap = {UINT64_MAX - 100, 200};
	ck_assert_ptr_null(md_desc_capture(t, &wrap, 1, MD_OPT_PERSISTENT, MD_DIR_INOUT, 2));
	/* ends exactly at 2^64: the end cannot be represented */
	struct md_range top = {0 - PG, PG};
	ck_assert_ptr_null(md_desc_capture(t, &top, 1, MD_OPT_PERSISTENT, MD_DIR_INOUT, 2));
	/* rounding the end up to a page would wrap */
	struct md_range round = {0 - 2 * PG, PG + 1};
	ck_assert_ptr_null(md_desc_capture(t, &round, 1, MD_OPT_PERSISTENT, MD_DIR_INOUT, 2));
	md_table_free(t);
}
END_TEST

START_TEST(capture_no_ranges_is_null)
{
	struct md_table *t = four_pages();
	struct md_range r = {AT(0), PG};
	ck_assert_ptr_null(md_desc_capture(t, &r, 0, MD_OPT_PERSISTENT, MD_DIR_INOUT, 2));
	md_table_free(t);
}
END_TEST

/* Captured over a hole: "bad original", even once the hole is filled. */
START_TEST(capture_over_unmapped_bad_original)
{
	struct md_table *t = four_pages();
	UPD(t, md_table_unmap(t, AT(2), PG, 2));
	struct md_desc *d = tu_desc(t, 0, 4, MD_DIR_INOUT, 3);
	UPD(t, tu_anon(t, 2, 1, MD_ANON_PRIVATE, RW, 4));
	struct md_verdict v;
	tu_judge(t, d, 5, &v, 1);
	expect(&v, MD_V_NULL, MD_R_BAD_ORIGINAL);
	expect_range(&v, AT(2), AT(3));
	ck_assert_ptr_null(v.desc);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* ---------- explanations ---------- */

START_TEST(verdict_names_are_the_contract_words)
{
	ck_assert_str_eq(md_verdict_name(MD_V_REUSED), "reused");
	ck_assert_str_eq(md_verdict_name(MD_V_REBUILT), "rebuilt");
	ck_assert_str_eq(md_verdict_name(MD_V_NULL), "null");
}
END_TEST

/* Loop index: 0 reused, 1 rebuilt, 2 unmapped, 3 protection, 4 not
 * persistent, 5 bad original. */
START_TEST(explain_contains_verdict_word)
{
	static const char *const word[] = {"reused", "rebuilt", "null", "null", "null", "null"};
	struct md_table *t = four_pages();
	UPD(t, md_table_unmap(t, AT(3), PG, 2));
	struct md_range r = {AT(0), 4 * PG};
	unsigned opt = _i == 4 ? 0 : MD_OPT_PERSISTENT;
	if (_i != 5)
		r.len = 3 * PG;
	struct md_desc *d = md_desc_capture(t, &r, 1, opt, MD_DIR_INOUT, 3);
	ck_assert_ptr_nonnull(d);
	if (_i == 1)
		UPD(t, tu_anon(t, 1, 1, MD_ANON_PRIVATE, RW, 4));
	if (_i == 2)
		UPD(t, md_table_unmap(t, AT(1), PG, 4));
	if (_i == 3)
		UPD(t, md_table_protect(t, AT(1), PG, 0, 4));
	struct md_verdict v;
	tu_judge(t, d, 5, &v, 0);
	ck_assert_str_eq(md_verdict_name(v.kind), word[_i]);
	char buf[512];
	int n = md_verdict_explain(&v, buf, sizeof buf);
	ck_assert_int_gt(n, 0);
	ck_assert_int_lt(n, (int)sizeof buf);
	ck_assert_msg(strstr(buf, word[_i]) != NULL, "'%s' lacks '%s'", buf, word[_i]);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

static int mentions_hex(const char *s, uint64_t x)
{
	char h[32];
	snprintf(h, sizeof h, "%llx", (unsigned long long)x);
	return strstr(s, h) != NULL;
}

START_TEST(explain_rebuilt_names_page_and_event)
{
	struct md_table *t = four_pages();
	struct md_desc *d = tu_desc(t, 0, 4, MD_DIR_INOUT, 2);
	UPD(t, tu_anon(t, 2, 1, MD_ANON_PRIVATE, RW, 4242));
	struct md_verdict v;
	tu_judge(t, d, 5000, &v, 0);
	char buf[512];
	md_verdict_explain(&v, buf, sizeof buf);
	ck_assert_msg(strstr(buf, "4242") != NULL, "'%s' lacks the event", buf);
	ck_assert_msg(mentions_hex(buf, AT(2)), "'%s' lacks the page", buf);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(explain_unmapped_names_range)
{
	struct md_table *t = four_pages();
	struct md_desc *d = tu_desc(t, 0, 4, MD_DIR_INOUT, 2);
	UPD(t, md_table_unmap(t, AT(3), PG, 3));
	struct md_verdict v;
	tu_judge(t, d, 4, &v, 0);
	char buf[512];
	md_verdict_explain(&v, buf, sizeof buf);
	ck_assert_msg(mentions_hex(buf, AT(3)) && mentions_hex(buf, AT(4)),
		      "'%s' lacks the range", buf);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* ---------- policy dma ---------- */

static const int discard_advice[] = {MADV_DONTNEED, MADV_FREE, MADV_REMOVE};

static enum md_verdict_kind after_advice(enum md_policy pol, unsigned kind, int advice)
{
	struct md_table *t = tu_table(pol);
	UPD(t, tu_anon(t, 0, 4, kind, RW, 1));
	struct md_desc *d = tu_desc(t, 0, 4, MD_DIR_INOUT, 2);
	UPD(t, md_table_advise(t, AT(1), PG, advice, 3));
	struct md_verdict v;
	tu_judge(t, d, 4, &v, 0);
	if (v.kind == MD_V_REBUILT) {
		expect_range(&v, AT(1), AT(2));
		ck_assert_uint_eq(v.ev, 3);
	}
	md_desc_release(d);
	md_table_free(t);
	return v.kind;
}

START_TEST(dma_discard_rebuilds_private)
{
	ck_assert_int_eq(after_advice(MD_POLICY_DMA, MD_ANON_PRIVATE, discard_advice[_i]),
			 MD_V_REBUILT);
}
END_TEST

START_TEST(contract_discard_keeps_reused)
{
	ck_assert_int_eq(after_advice(MD_POLICY_CONTRACT, MD_ANON_PRIVATE, discard_advice[_i]),
			 MD_V_REUSED);
}
END_TEST

START_TEST(dma_discard_keeps_shared_reused)
{
	ck_assert_int_eq(after_advice(MD_POLICY_DMA, MD_ANON_SHARED, discard_advice[_i]),
			 MD_V_REUSED);
}
END_TEST

START_TEST(dma_dontfork_advice_keeps_reused)
{
	ck_assert_int_eq(after_advice(MD_POLICY_DMA, MD_ANON_PRIVATE, MADV_DONTFORK),
			 MD_V_REUSED);
}
END_TEST

/* Page 0: private rw; 1: private r; 2: private rw DONTFORK; 3: shared rw.
 * Each its own mapping call. */
static enum md_verdict_kind parent_after_fork(enum md_policy pol, unsigned page)
{
	struct md_table *t = tu_table(pol);
	UPD(t, tu_anon(t, 0, 1, MD_ANON_PRIVATE, RW, 1));
	UPD(t, tu_anon(t, 1, 1, MD_ANON_PRIVATE, MD_PROT_R, 2));
	UPD(t, tu_anon(t, 2, 1, MD_ANON_PRIVATE, RW, 3));
	UPD(t, md_table_advise(t, AT(2), PG, MADV_DONTFORK, 4));
	UPD(t, tu_anon(t, 3, 1, MD_ANON_SHARED, RW, 5));
	struct md_desc *d = tu_desc(t, page, 1, MD_DIR_OUT, 6);
	struct md_table *c = md_table_fork(t, 7);
	ck_assert_ptr_nonnull(c);
	TABLE_OK(t);
	TABLE_OK(c);
	struct md_verdict v;
	tu_judge(t, d, 8, &v, 0);
	if (v.kind == MD_V_REBUILT)
		ck_assert_uint_eq(v.ev, 7);
	md_desc_release(d);
	md_table_free(c);
	md_table_free(t);
	return v.kind;
}

START_TEST(dma_fork_writable_private_rebuilt)
{
	ck_assert_int_eq(parent_after_fork(MD_POLICY_DMA, 0), MD_V_REBUILT);
}
END_TEST
START_TEST(dma_fork_readonly_private_reused)
{
	ck_assert_int_eq(parent_after_fork(MD_POLICY_DMA, 1), MD_V_REUSED);
}
END_TEST
START_TEST(dma_fork_dontfork_private_reused)
{
	ck_assert_int_eq(parent_after_fork(MD_POLICY_DMA, 2), MD_V_REUSED);
}
END_TEST
START_TEST(dma_fork_shared_reused)
{
	ck_assert_int_eq(parent_after_fork(MD_POLICY_DMA, 3), MD_V_REUSED);
}
END_TEST
/* Loop index: the page. */
START_TEST(contract_fork_parent_reused)
{
	ck_assert_int_eq(parent_after_fork(MD_POLICY_CONTRACT, (unsigned)_i), MD_V_REUSED);
}
END_TEST

Suite *md_test_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rule1");
	tcase_add_test(tc, rule1_not_persistent_is_null);
	tcase_add_test(tc, rule1_checked_before_unmapped);
	suite_add_tcase(s, tc);

	tc = tcase_create("rule2");
	tcase_add_test(tc, rule2_whole_range_unmapped);
	tcase_add_test(tc, rule2_partial_unmapped);
	tcase_add_test(tc, rule2_hole_in_middle);
	tcase_add_test(tc, rule2_names_first_of_two_holes);
	tcase_add_test(tc, rule2_hole_across_captured_runs);
	suite_add_tcase(s, tc);

	tc = tcase_create("rule3");
	tcase_add_test(tc, rule3_in_needs_write);
	tcase_add_test(tc, rule3_inout_needs_write);
	tcase_add_test(tc, rule3_out_needs_no_write);
	tcase_add_test(tc, rule3_out_needs_read);
	tcase_add_test(tc, rule3_in_needs_read);
	tcase_add_test(tc, rule3_exec_only_is_null);
	tcase_add_test(tc, rule3_extra_access_kept_reused);
	tcase_add_loop_test(tc, rule3_prot_none_is_null, MD_DIR_INOUT, MD_DIR_OUT + 1);
	tcase_add_test(tc, rule3_names_first_page_lacking_access);
	tcase_add_test(tc, rule3_protect_away_and_back_reused);
	suite_add_tcase(s, tc);

	tc = tcase_create("rule4");
	tcase_add_test(tc, rule4_reused_retains_original);
	suite_add_tcase(s, tc);

	tc = tcase_create("rule5");
	tcase_add_test(tc, rule5_rebuilt_is_new_descriptor);
	tcase_add_test(tc, rule5_rebuilt_captured_at_new_point);
	tcase_add_test(tc, rule5_names_first_changed_page_and_event);
	tcase_add_test(tc, rule5_offset_change_alone_rebuilds);
	suite_add_tcase(s, tc);

	tc = tcase_create("order");
	tcase_add_test(tc, multi_second_range_unmapped);
	tcase_add_test(tc, multi_first_failing_range_decides);
	tcase_add_test(tc, order_unmapped_beats_protection);
	tcase_add_test(tc, order_unmapped_beats_identity);
	tcase_add_test(tc, order_protection_beats_identity);
	suite_add_tcase(s, tc);

	tc = tcase_create("capture");
	tcase_add_test(tc, capture_rounds_out_to_pages);
	tcase_add_test(tc, capture_rounded_end_page_counts);
	tcase_add_test(tc, capture_page_past_range_ignored);
	tcase_add_test(tc, capture_len0_is_null);
	tcase_add_test(tc, capture_wrapping_is_null);
	tcase_add_test(tc, capture_no_ranges_is_null);
	tcase_add_test(tc, capture_over_unmapped_bad_original);
	suite_add_tcase(s, tc);

	tc = tcase_create("explain");
	tcase_add_test(tc, verdict_names_are_the_contract_words);
	tcase_add_loop_test(tc, explain_contains_verdict_word, 0, 6);
	tcase_add_test(tc, explain_rebuilt_names_page_and_event);
	tcase_add_test(tc, explain_unmapped_names_range);
	suite_add_tcase(s, tc);

	tc = tcase_create("dma");
	tcase_add_loop_test(tc, dma_discard_rebuilds_private, 0, 3);
	tcase_add_loop_test(tc, contract_discard_keeps_reused, 0, 3);
	tcase_add_loop_test(tc, dma_discard_keeps_shared_reused, 0, 3);
	tcase_add_test(tc, dma_dontfork_advice_keeps_reused);
	tcase_add_test(tc, dma_fork_writable_private_rebuilt);
	tcase_add_test(tc, dma_fork_readonly_private_reused);
	tcase_add_test(tc, dma_fork_dontfork_private_reused);
	tcase_add_test(tc, dma_fork_shared_reused);
	tcase_add_loop_test(tc, contract_fork_parent_reused, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}
