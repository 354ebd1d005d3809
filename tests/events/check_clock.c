/* check_clock.c - md_clock_ns (lib/trace/clock.c), the one conversion of
 * record times to nanoseconds: monotonic traces pass through; TSC ticks go
 * on the line through the start pair and the latest pair, exactly, also
 * before the start and after the latest; missing or backward pairs and
 * hostile values give the start time or saturate, never wrap. */
#include "../check_main.h"
#include "clock.h"
#include <check.h>
#include <stdlib.h>
#include <string.h>

static struct md_trace_header h;

static void tsc(uint64_t t0, uint64_t n0, unsigned cur, uint64_t t1, uint64_t n1)
{
	memset(&h, 0, sizeof h);
	h.clock = MD_CLOCK_TSC;
	h.clock_pair[0].ticks = t0;
	h.clock_pair[0].ns = n0;
	h.clock_cur = cur;
	if (cur == 1 || cur == 2) {
		h.clock_pair[cur].ticks = t1;
		h.clock_pair[cur].ns = n1;
		/* the other slot holds junk a reader must not use */
		h.clock_pair[3 - cur].ticks = 7;
		h.clock_pair[3 - cur].ns = 99999999999ull;
	}
}

START_TEST(monotonic_passes_through)
{
	memset(&h, 0, sizeof h);
	h.clock = MD_CLOCK_MONOTONIC;
	h.clock_cur = 1;
	h.clock_pair[1].ticks = 5; /* ignored */
	ck_assert_uint_eq(md_clock_ns(&h, 0), 0);
	ck_assert_uint_eq(md_clock_ns(&h, 123456789012345ull), 123456789012345ull);
	ck_assert_uint_eq(md_clock_ns(&h, UINT64_MAX), UINT64_MAX);
}
END_TEST

START_TEST(ticks_on_the_line_through_both_pairs)
{
	/* 2.5 ticks per ns, either latest slot */
	for (unsigned cur = 1; cur <= 2; cur++) {
		tsc(1000000, 5000, cur, 1000000 + 2500000000ull, 5000 + 1000000000ull);
		ck_assert_uint_eq(md_clock_ns(&h, 1000000), 5000);
		ck_assert_uint_eq(md_clock_ns(&h, 1000000 + 2500000000ull), 1000005000ull);
		ck_assert_uint_eq(md_clock_ns(&h, 1000000 + 250), 5100);
		ck_assert_uint_eq(md_clock_ns(&h, 1000000 + 252), 5100); /* rounds down */
		/* after the latest pair: the same line */
		ck_assert_uint_eq(md_clock_ns(&h, 1000000 + 5000000000ull), 2000005000ull);
		/* before the start pair */
		ck_assert_uint_eq(md_clock_ns(&h, 1000000 - 2500), 4000);
	}
}
END_TEST

START_TEST(large_values_are_exact)
{
	/* a machine up for years at 3 GHz: products far beyond 64 bits */
	uint64_t t0 = 300000000000000000ull, n0 = 100000000000000000ull;
	tsc(t0, n0, 2, t0 + 3000000000000ull, n0 + 1000000000000ull);
	ck_assert_uint_eq(md_clock_ns(&h, t0 + 3000000000000ull * 5), n0 + 5000000000000ull);
	ck_assert_uint_eq(md_clock_ns(&h, t0 + 3), n0 + 1);
}
END_TEST

START_TEST(no_latest_pair_gives_the_start)
{
	tsc(1000, 777, 0, 0, 0);
	ck_assert_uint_eq(md_clock_ns(&h, 1000), 777);
	ck_assert_uint_eq(md_clock_ns(&h, 123456789), 777);
	tsc(1000, 777, 3, 0, 0); /* not a slot */
	ck_assert_uint_eq(md_clock_ns(&h, 5000), 777);
	h.clock_cur = 0xffffffffu;
	ck_assert_uint_eq(md_clock_ns(&h, 5000), 777);
}
END_TEST

START_TEST(pairs_that_do_not_increase_give_the_start)
{
	tsc(1000, 777, 1, 1000, 900); /* no ticks between them */
	ck_assert_uint_eq(md_clock_ns(&h, 5000), 777);
	tsc(1000, 777, 1, 500, 900); /* ticks went back */
	ck_assert_uint_eq(md_clock_ns(&h, 5000), 777);
	tsc(1000, 777, 2, 2000, 700); /* time went back */
	ck_assert_uint_eq(md_clock_ns(&h, 5000), 777);
}
END_TEST

START_TEST(hostile_values_saturate)
{
	/* one tick is 2^63 ns: the far end saturates instead of wrapping */
	tsc(0, 1, 1, 1, 1 + (1ull << 63));
	ck_assert_uint_eq(md_clock_ns(&h, 1), 1 + (1ull << 63));
	ck_assert_uint_eq(md_clock_ns(&h, 2), UINT64_MAX);
	ck_assert_uint_eq(md_clock_ns(&h, UINT64_MAX), UINT64_MAX);
	/* far before the start: 0, not a huge number */
	tsc(UINT64_MAX - 10, 5, 1, UINT64_MAX, 15);
	ck_assert_uint_eq(md_clock_ns(&h, 0), 0);
	ck_assert_uint_eq(md_clock_ns(&h, UINT64_MAX - 11), 4);
	ck_assert_uint_eq(md_clock_ns(&h, UINT64_MAX), 15);
}
END_TEST

Suite *md_test_suite(void)
{
	Suite *s = suite_create("clock");
	TCase *tc = tcase_create("md_clock_ns");
	tcase_add_test(tc, monotonic_passes_through);
	tcase_add_test(tc, ticks_on_the_line_through_both_pairs);
	tcase_add_test(tc, large_values_are_exact);
	tcase_add_test(tc, no_latest_pair_gives_the_start);
	tcase_add_test(tc, pairs_that_do_not_increase_give_the_start);
	tcase_add_test(tc, hostile_values_saturate);
	suite_add_tcase(s, tc);
	return s;
}
