/* check_reconcile.c - md_table_compare and md_table_reconcile against the
 * kernel: a table seeded from /proc/self/maps, then changed behind its
 * back by real calls, must report exactly the changed ranges, and after a
 * reconcile agree with the kernel again. */
#define _GNU_SOURCE
#include "check_main.h"
#include "table.h"
#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define PG 4096

static char text[1 << 20];

static size_t maps_now(void)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	size_t n = 0;
	ssize_t k;
	while (fd >= 0 && (k = read(fd, text + n, sizeof text - n)) > 0)
		n += (size_t)k;
	close(fd);
	return n;
}

struct seen {
	int n;
	uint64_t s[16], e[16];
	int gone[16];
};

static void note(void *arg, uint64_t s, uint64_t e, const struct md_maps_line *l)
{
	struct seen *v = arg;
	if (v->n < 16) {
		v->s[v->n] = s;
		v->e[v->n] = e;
		v->gone[v->n] = l == NULL;
	}
	v->n++;
}

static struct md_table *seeded(void)
{
	struct md_table *t = md_table_new(PG, MD_POLICY_CONTRACT);
	ck_assert_ptr_nonnull(t);
	size_t n = maps_now();
	ck_assert_int_gt(md_table_seed(t, text, n, 1), 0);
	return t;
}

static int covered(const struct seen *v, uint64_t s, uint64_t e)
{
	for (int i = 0; i < v->n && i < 16; i++)
		if (v->s[i] <= s && e <= v->e[i])
			return 1;
	return 0;
}

START_TEST(test_compare_same_text_agrees)
{
	/* the same text it was seeded from (a new read would also show the
	 * table's own arenas, mapped while seeding) */
	struct md_table *t = md_table_new(PG, MD_POLICY_CONTRACT);
	size_t n = maps_now();
	ck_assert_int_gt(md_table_seed(t, text, n, 1), 0);
	struct seen v = {0};
	ck_assert_int_eq(md_table_compare(t, text, n, note, &v), 0);
	md_table_free(t);
}
END_TEST

START_TEST(test_compare_reports_new_and_gone_ranges)
{
	/* a PROT_NONE hole first, so the two mappings cannot merge with others */
	char *w = mmap(NULL, 64 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *gone = mmap(w + 8 * PG, 4 * PG, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	struct md_table *t = seeded();
	munmap(gone, 4 * PG);
	char *added = mmap(w + 32 * PG, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	struct seen v = {0};
	int n = md_table_compare(t, text, maps_now(), note, &v);
	ck_assert_int_ge(n, 2);
	ck_assert_msg(covered(&v, (uint64_t)added, (uint64_t)added + 2 * PG), "new range not reported");
	ck_assert_msg(covered(&v, (uint64_t)gone, (uint64_t)gone + 4 * PG), "unmapped range not reported");
	md_table_free(t);
}
END_TEST

START_TEST(test_reconcile_then_agrees)
{
	char *w = mmap(NULL, 64 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct md_table *t = seeded();
	const struct md_piece *before = md_table_find(t, (uint64_t)w);
	ck_assert_ptr_nonnull(before);
	uint64_t old = before->obj;
	mmap(w + 4 * PG, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	size_t n = maps_now();
	ck_assert_int_gt(md_table_reconcile(t, text, n, 7, NULL, NULL), 0);
	ck_assert_ptr_null(md_table_check(t));
	ck_assert_int_eq(md_table_compare(t, text, n, NULL, NULL), 0);
	/* the changed pages are new memory; the rest keeps its identity */
	ck_assert_uint_ne(md_table_find(t, (uint64_t)w + 4 * PG)->obj, old);
	ck_assert_uint_eq(md_table_find(t, (uint64_t)w + 4 * PG)->ev, 7);
	ck_assert_uint_eq(md_table_find(t, (uint64_t)w)->obj, old);
	md_table_free(t);
}
END_TEST

START_TEST(test_compare_rejects_malformed_text)
{
	struct md_table *t = md_table_new(PG, MD_POLICY_CONTRACT);
	static const char bad[] = "1000-0800 rw-p 00000000 00:00 0\n";
	ck_assert_int_eq(md_table_compare(t, bad, sizeof bad - 1, NULL, NULL), -1);
	static const char unsorted[] = "3000-4000 rw-p 00000000 00:00 0\n1000-2000 rw-p 00000000 00:00 0\n";
	ck_assert_int_eq(md_table_reconcile(t, unsorted, sizeof unsorted - 1, 1, NULL, NULL), -1);
	md_table_free(t);
}
END_TEST

Suite *md_test_suite(void)
{
	Suite *s = suite_create("reconcile");
	TCase *tc = tcase_create("kernel");
	tcase_add_test(tc, test_compare_same_text_agrees);
	tcase_add_test(tc, test_compare_reports_new_and_gone_ranges);
	tcase_add_test(tc, test_reconcile_then_agrees);
	tcase_add_test(tc, test_compare_rejects_malformed_text);
	suite_add_tcase(s, tc);
	return s;
}
