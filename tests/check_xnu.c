/* check_xnu.c - policy xnu of mdtrace-verdicts(7), POLICIES: map entries
 * matched in count and size, offset 0 of each entry's object, the
 * persistent flag looked at only when rebuilding; and, for each rule, how
 * contract judges the same case.  Hand-built tables, page size 4096. */
#define _GNU_SOURCE
#include "check_main.h"
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define RW (MD_PROT_R | MD_PROT_W)
#define RWX (MD_PROT_R | MD_PROT_W | MD_PROT_X)

/* Four private anonymous pages 0..3 mapped by one call at event 1. */
static struct md_table *four_pages(void)
{
	struct md_table *t = tu_table(MD_POLICY_XNU);
	UPD(t, tu_anon(t, 0, 4, MD_ANON_PRIVATE, RW, 1));
	return t;
}

static struct md_desc *desc(const struct md_table *t, const struct md_range *r, size_t n,
			    unsigned options)
{
	struct md_desc *d = md_desc_capture(t, r, n, options, MD_DIR_INOUT, 2);
	ck_assert_ptr_nonnull(d);
	return d;
}

/* Pages [i, i+n) as one range. */
static struct md_desc *pages(const struct md_table *t, unsigned i, unsigned n, unsigned options)
{
	struct md_range r = {AT(i), n * PG};
	return desc(t, &r, 1, options);
}

static void judge(const struct md_table *t, struct md_desc *d, enum md_policy pol,
		  struct md_verdict *v)
{
	md_with_persistent(t, d, pol, 9, v);
	md_desc_release(v->desc);
	v->desc = NULL;
}

static void expect(const struct md_verdict *v, enum md_verdict_kind k, enum md_reason r)
{
	ck_assert_msg(v->kind == k && v->reason == r, "%s (%s), expected %s (%s)",
		      md_verdict_name(v->kind), md_reason_name(v->reason), md_verdict_name(k),
		      md_reason_name(r));
}

static void expect_range(const struct md_verdict *v, uint64_t s, uint64_t e)
{
	ck_assert_msg(v->start == s && v->end == e, "named 0x%llx-0x%llx, expected 0x%llx-0x%llx",
		      (unsigned long long)v->start, (unsigned long long)v->end,
		      (unsigned long long)s, (unsigned long long)e);
}

/* d judged under xnu and under contract. */
static void both(const struct md_table *t, struct md_desc *d, struct md_verdict *xnu,
		 struct md_verdict *contract)
{
	judge(t, d, MD_POLICY_XNU, xnu);
	judge(t, d, MD_POLICY_CONTRACT, contract);
}

/* ---------- reuse: every entry matches ---------- */

START_TEST(whole_mapping_untouched_reused)
{
	struct md_table *t = four_pages();
	struct md_desc *d = pages(t, 0, 4, MD_OPT_PERSISTENT);
	struct md_verdict v;
	md_with_persistent(t, d, MD_POLICY_XNU, 9, &v);
	expect(&v, MD_V_REUSED, MD_R_SAME);
	ck_assert_ptr_eq(v.desc, d);
	ck_assert_uint_eq(d->refs, 2);
	md_desc_release(v.desc);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* Two mappings side by side are two entries (two objects), each at offset
 * 0: reused, and a range from the second one's start is too. */
START_TEST(two_mappings_two_entries_reused)
{
	struct md_table *t = tu_table(MD_POLICY_XNU);
	UPD(t, tu_anon(t, 0, 2, MD_ANON_PRIVATE, RW, 1));
	UPD(t, tu_anon(t, 2, 2, MD_ANON_PRIVATE, RW, 2));
	struct md_desc *d = pages(t, 0, 4, MD_OPT_PERSISTENT), *e = pages(t, 2, 2, MD_OPT_PERSISTENT);
	struct md_verdict v;
	judge(t, d, MD_POLICY_XNU, &v);
	expect(&v, MD_V_REUSED, MD_R_SAME);
	judge(t, e, MD_POLICY_XNU, &v);
	expect(&v, MD_V_REUSED, MD_R_SAME);
	md_desc_release(d);
	md_desc_release(e);
	md_table_free(t);
}
END_TEST

/* An access change undone: one entry again (the kernel joins the areas
 * back, XNU with vm_map_simplify_entry): reused. */
START_TEST(mprotect_undone_is_one_entry_reused)
{
	struct md_table *t = four_pages();
	struct md_desc *d = pages(t, 0, 4, MD_OPT_PERSISTENT);
	UPD(t, md_table_protect(t, AT(1), PG, RWX, 3));
	UPD(t, md_table_protect(t, AT(1), PG, RW, 4));
	struct md_verdict v;
	judge(t, d, MD_POLICY_XNU, &v);
	expect(&v, MD_V_REUSED, MD_R_SAME);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* A shared file mapped by two calls at offsets that continue each other:
 * the table keeps two pieces (each call's event) of one object, which
 * Linux shows as one VMA: one entry.  Reused from its start; a range from
 * the second call's start begins inside it (file offset 8 KiB). */
START_TEST(pieces_differing_in_event_only_are_one_entry)
{
	struct md_table *t = tu_table(MD_POLICY_XNU);
	UPD(t, tu_file(t, 0, 2, MD_FILE_SHARED, RW, 8, 100, 0, 1));
	UPD(t, tu_file(t, 2, 2, MD_FILE_SHARED, RW, 8, 100, 2 * PG, 2));
	ck_assert_uint_eq(md_table_count(t), 2);
	struct md_desc *d = pages(t, 0, 4, MD_OPT_PERSISTENT), *e = pages(t, 2, 2, MD_OPT_PERSISTENT);
	struct md_verdict v;
	judge(t, d, MD_POLICY_XNU, &v);
	expect(&v, MD_V_REUSED, MD_R_SAME);
	judge(t, e, MD_POLICY_XNU, &v);
	expect(&v, MD_V_REBUILT, MD_R_OFFSET);
	md_desc_release(d);
	md_desc_release(e);
	md_table_free(t);
}
END_TEST

/* Ranges that follow each other exactly are one run, as
 * memoryReferenceCreate coalesces them: the second does not start an entry. */
START_TEST(adjacent_ranges_coalesced_reused)
{
	struct md_table *t = four_pages();
	struct md_range r[2] = {{AT(0), 2 * PG}, {AT(2), 2 * PG}};
	struct md_desc *d = desc(t, r, 2, MD_OPT_PERSISTENT);
	struct md_verdict v;
	judge(t, d, MD_POLICY_XNU, &v);
	expect(&v, MD_V_REUSED, MD_R_SAME);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* The same when they meet inside a page (both rounded out to it). */
START_TEST(adjacent_ranges_within_a_page_coalesced)
{
	struct md_table *t = four_pages();
	struct md_range r[3] = {{AT(0), 100}, {AT(0) + 100, 50}, {AT(0) + 150, 3 * PG}};
	struct md_desc *d = desc(t, r, 3, MD_OPT_PERSISTENT);
	struct md_verdict v;
	judge(t, d, MD_POLICY_XNU, &v);
	expect(&v, MD_V_REUSED, MD_R_SAME);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* ---------- offset 0 (xnu-7195 on) ---------- */

/* A range starting inside a mapping: contract reuses, xnu never does. */
START_TEST(range_inside_mapping_rebuilt)
{
	struct md_table *t = four_pages();
	struct md_desc *d = pages(t, 1, 2, MD_OPT_PERSISTENT);
	struct md_verdict x, c;
	md_with_persistent(t, d, MD_POLICY_XNU, 9, &x);
	expect(&x, MD_V_REBUILT, MD_R_OFFSET);
	expect_range(&x, AT(1), AT(3));
	ck_assert_uint_eq(x.old_off, PG);
	ck_assert_uint_eq(x.old_obj, tu_obj(t, AT(0)));
	ck_assert_ptr_nonnull(x.desc);
	ck_assert_ptr_ne(x.desc, d);
	ck_assert_uint_eq(x.desc->at, 9);
	md_desc_release(x.desc);
	judge(t, d, MD_POLICY_CONTRACT, &c);
	expect(&c, MD_V_REUSED, MD_R_SAME);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* Two ranges with a gap are two runs: the second starts inside the mapping. */
START_TEST(second_range_inside_mapping_rebuilt)
{
	struct md_table *t = four_pages();
	struct md_range r[2] = {{AT(0), PG}, {AT(2), PG}};
	struct md_desc *d = desc(t, r, 2, MD_OPT_PERSISTENT);
	struct md_verdict x, c;
	both(t, d, &x, &c);
	expect(&x, MD_V_REBUILT, MD_R_OFFSET);
	expect_range(&x, AT(2), AT(3));
	expect(&c, MD_V_REUSED, MD_R_SAME);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* A file's object offset is the file offset: offset 0 reused, 8 KiB not. */
START_TEST(file_offset_must_be_zero)
{
	struct md_table *t = tu_table(MD_POLICY_XNU);
	UPD(t, tu_file(t, 0, 2, MD_FILE_SHARED, RW, 8, 100, 0, 1));
	UPD(t, tu_file(t, 4, 2, MD_FILE_SHARED, RW, 8, 100, 2 * PG, 2));
	struct md_desc *d = pages(t, 0, 2, MD_OPT_PERSISTENT), *e = pages(t, 4, 2, MD_OPT_PERSISTENT);
	struct md_verdict x, c;
	judge(t, d, MD_POLICY_XNU, &x);
	expect(&x, MD_V_REUSED, MD_R_SAME);
	both(t, e, &x, &c);
	expect(&x, MD_V_REBUILT, MD_R_OFFSET);
	ck_assert_uint_eq(x.old_off, 2 * PG);
	expect(&c, MD_V_REUSED, MD_R_SAME);
	md_desc_release(d);
	md_desc_release(e);
	md_table_free(t);
}
END_TEST

/* ---------- map entries: count and sizes ---------- */

/* One entry split in three by an access change that keeps the access the
 * direction needs: contract reuses, xnu rebuilds (count 3, was 1). */
START_TEST(split_entry_count_mismatch_rebuilt)
{
	struct md_table *t = four_pages();
	struct md_desc *d = pages(t, 0, 4, MD_OPT_PERSISTENT);
	UPD(t, md_table_protect(t, AT(2), PG, RWX, 3));
	struct md_verdict x, c;
	both(t, d, &x, &c);
	expect(&x, MD_V_REBUILT, MD_R_ENTRIES);
	expect_range(&x, AT(0), AT(4));
	ck_assert_uint_eq(x.entry_end, AT(2));
	ck_assert_uint_eq(x.entries_now, 3);
	ck_assert_uint_eq(x.entries_then, 1);
	expect(&c, MD_V_REUSED, MD_R_SAME);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* As many entries, other sizes: [0,3)+[3,4) at capture, [0,2)+[2,4) now. */
START_TEST(entry_size_mismatch_rebuilt)
{
	struct md_table *t = four_pages();
	UPD(t, md_table_protect(t, AT(3), PG, RWX, 2));
	struct md_range r = {AT(0), 4 * PG};
	struct md_desc *d = md_desc_capture(t, &r, 1, MD_OPT_PERSISTENT, MD_DIR_INOUT, 3);
	ck_assert_ptr_nonnull(d);
	UPD(t, md_table_protect(t, AT(2), 2 * PG, RWX, 4));
	struct md_verdict x, c;
	both(t, d, &x, &c);
	expect(&x, MD_V_REBUILT, MD_R_ENTRIES);
	expect_range(&x, AT(0), AT(3));
	ck_assert_uint_eq(x.entry_end, AT(2));
	ck_assert_uint_eq(x.entries_now, 2);
	ck_assert_uint_eq(x.entries_then, 2);
	expect(&c, MD_V_REUSED, MD_R_SAME);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* A changed identity is named first, as under contract, with its event. */
START_TEST(identity_change_rebuilt_as_contract)
{
	struct md_table *t = four_pages();
	struct md_desc *d = pages(t, 0, 4, MD_OPT_PERSISTENT);
	UPD(t, tu_anon(t, 1, 1, MD_ANON_PRIVATE, RW, 5));
	struct md_verdict x, c;
	both(t, d, &x, &c);
	expect(&x, MD_V_REBUILT, MD_R_IDENTITY);
	expect(&c, MD_V_REBUILT, MD_R_IDENTITY);
	expect_range(&x, AT(1), AT(2));
	ck_assert_uint_eq(x.ev, 5);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* ---------- the persistent flag ---------- */

START_TEST(not_persistent_matching_reused)
{
	struct md_table *t = four_pages();
	struct md_desc *d = pages(t, 0, 4, 0);
	struct md_verdict x, c;
	md_with_persistent(t, d, MD_POLICY_XNU, 9, &x);
	expect(&x, MD_V_REUSED, MD_R_SAME);
	ck_assert_ptr_eq(x.desc, d);
	md_desc_release(x.desc);
	judge(t, d, MD_POLICY_CONTRACT, &c);
	expect(&c, MD_V_NULL, MD_R_NOT_PERSISTENT);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* Loop index: 0 identity changed, 1 entries split, 2 inside the mapping. */
START_TEST(not_persistent_changed_null)
{
	struct md_table *t = four_pages();
	struct md_desc *d = pages(t, _i == 2, 2, 0);
	if (_i == 0)
		UPD(t, tu_anon(t, 0, 1, MD_ANON_PRIVATE, RW, 5));
	if (_i == 1)
		UPD(t, md_table_protect(t, AT(1), PG, RWX, 5));
	struct md_verdict x;
	md_with_persistent(t, d, MD_POLICY_XNU, 9, &x);
	expect(&x, MD_V_NULL, MD_R_NOT_PERSISTENT);
	ck_assert_ptr_null(x.desc);
	ck_assert_uint_eq(d->refs, 1);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* ---------- unmapped and protection: null, as under contract ---------- */

/* Loop index: the options (0 or persistent).  Contract says "not
 * persistent" first; xnu fails making the entries, whatever the flag. */
START_TEST(unmapped_null)
{
	unsigned opt = _i ? MD_OPT_PERSISTENT : 0;
	struct md_table *t = four_pages();
	struct md_desc *d = pages(t, 0, 4, opt);
	UPD(t, md_table_unmap(t, AT(2), PG, 3));
	struct md_verdict x, c;
	both(t, d, &x, &c);
	expect(&x, MD_V_NULL, MD_R_UNMAPPED);
	expect_range(&x, AT(2), AT(3));
	expect(&c, MD_V_NULL, opt ? MD_R_UNMAPPED : MD_R_NOT_PERSISTENT);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(protection_null)
{
	unsigned opt = _i ? MD_OPT_PERSISTENT : 0;
	struct md_table *t = four_pages();
	struct md_desc *d = pages(t, 0, 4, opt);
	UPD(t, md_table_protect(t, AT(1), PG, MD_PROT_R, 3));
	struct md_verdict x, c;
	both(t, d, &x, &c);
	expect(&x, MD_V_NULL, MD_R_PROTECTION);
	expect_range(&x, AT(1), AT(2));
	ck_assert_uint_eq(x.have, MD_PROT_R);
	ck_assert_uint_eq(x.need, RW);
	expect(&c, MD_V_NULL, opt ? MD_R_PROTECTION : MD_R_NOT_PERSISTENT);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* Unmapped decides before the map entries and offset 0. */
START_TEST(unmapped_beats_entries)
{
	struct md_table *t = four_pages();
	struct md_desc *d = pages(t, 1, 3, MD_OPT_PERSISTENT);
	UPD(t, md_table_protect(t, AT(2), PG, RWX, 3));
	UPD(t, md_table_unmap(t, AT(3), PG, 4));
	struct md_verdict x;
	judge(t, d, MD_POLICY_XNU, &x);
	expect(&x, MD_V_NULL, MD_R_UNMAPPED);
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

START_TEST(bad_original_null)
{
	struct md_table *t = four_pages();
	struct md_desc *d = pages(t, 2, 4, 0);
	struct md_verdict x;
	judge(t, d, MD_POLICY_XNU, &x);
	expect(&x, MD_V_NULL, MD_R_BAD_ORIGINAL);
	expect_range(&x, AT(4), AT(6));
	md_desc_release(d);
	md_table_free(t);
}
END_TEST

/* ---------- the table and the texts ---------- */

/* An xnu table assigns identities as contract's: discarding advice keeps
 * the identity (dma would give a new object). */
START_TEST(xnu_table_is_contract_table)
{
	ck_assert_int_eq(md_policy_identities(MD_POLICY_XNU), MD_POLICY_CONTRACT);
	ck_assert_int_eq(md_policy_identities(MD_POLICY_DMA), MD_POLICY_DMA);
	struct md_table *t = four_pages();
	struct md_desc *d = pages(t, 0, 4, MD_OPT_PERSISTENT);
	UPD(t, md_table_advise(t, AT(1), PG, MADV_DONTNEED, 3));
	struct md_verdict x;
	judge(t, d, MD_POLICY_XNU, &x);
	expect(&x, MD_V_REUSED, MD_R_SAME);
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

START_TEST(explain_entries_and_offset)
{
	struct md_table *t = four_pages();
	struct md_desc *d = pages(t, 0, 4, MD_OPT_PERSISTENT), *e = pages(t, 1, 1, MD_OPT_PERSISTENT);
	UPD(t, md_table_protect(t, AT(2), PG, RWX, 3));
	struct md_verdict v;
	char buf[512];
	judge(t, d, MD_POLICY_XNU, &v);
	md_verdict_explain(&v, buf, sizeof buf);
	ck_assert_msg(!strncmp(buf, "rebuilt: map entries changed: ", 30) && mentions_hex(buf, AT(4)) &&
		      strstr(buf, "3 entries now, 1 then"), "'%s'", buf);
	ck_assert_str_eq(md_reason_name(v.reason), "map entries changed");
	judge(t, e, MD_POLICY_XNU, &v);
	md_verdict_explain(&v, buf, sizeof buf);
	ck_assert_msg(!strncmp(buf, "rebuilt: ", 9) && mentions_hex(buf, AT(1)) &&
		      strstr(buf, "offset 0x1000 of object"), "'%s'", buf);
	ck_assert_str_eq(md_reason_name(v.reason), "not at offset 0");
	md_desc_release(d);
	md_desc_release(e);
	md_table_free(t);
}
END_TEST

Suite *md_test_suite(void)
{
	Suite *s = suite_create("xnu");
	TCase *tc = tcase_create("reused");
	tcase_add_test(tc, whole_mapping_untouched_reused);
	tcase_add_test(tc, two_mappings_two_entries_reused);
	tcase_add_test(tc, mprotect_undone_is_one_entry_reused);
	tcase_add_test(tc, pieces_differing_in_event_only_are_one_entry);
	tcase_add_test(tc, adjacent_ranges_coalesced_reused);
	tcase_add_test(tc, adjacent_ranges_within_a_page_coalesced);
	suite_add_tcase(s, tc);
	tc = tcase_create("offset0");
	tcase_add_test(tc, range_inside_mapping_rebuilt);
	tcase_add_test(tc, second_range_inside_mapping_rebuilt);
	tcase_add_test(tc, file_offset_must_be_zero);
	suite_add_tcase(s, tc);
	tc = tcase_create("entries");
	tcase_add_test(tc, split_entry_count_mismatch_rebuilt);
	tcase_add_test(tc, entry_size_mismatch_rebuilt);
	tcase_add_test(tc, identity_change_rebuilt_as_contract);
	suite_add_tcase(s, tc);
	tc = tcase_create("persistent");
	tcase_add_test(tc, not_persistent_matching_reused);
	tcase_add_loop_test(tc, not_persistent_changed_null, 0, 3);
	suite_add_tcase(s, tc);
	tc = tcase_create("null");
	tcase_add_loop_test(tc, unmapped_null, 0, 2);
	tcase_add_loop_test(tc, protection_null, 0, 2);
	tcase_add_test(tc, unmapped_beats_entries);
	tcase_add_test(tc, bad_original_null);
	suite_add_tcase(s, tc);
	tc = tcase_create("table");
	tcase_add_test(tc, xnu_table_is_contract_table);
	tcase_add_test(tc, explain_entries_and_offset);
	suite_add_tcase(s, tc);
	return s;
}
