/* check_changes.c - md_rec_changes (lib/trace/changes.c), which names a
 * record's changes without a table for libmdtrace's events, held to the
 * table's own updates (md_apply): random calls in a window, and after
 * each, page by page,
 *   - a page that went away lies in an UNMAPPED change, one that appeared
 *     or got other memory in an IDENTITY change, one whose access alone
 *     changed in an ACCESS change or, mapped anew (a shared file or segment
 *     mapped again over itself keeps its identity), an IDENTITY change:
 *     nothing is missed; and
 *   - every page of an UNMAPPED change is unmapped, of an IDENTITY change
 *     mapped, of an ACCESS change mapped with that access (nothing is
 *     made up).
 * MDTRACE_SEED replaces the seed. */
#define _GNU_SOURCE
#include "check_main.h"
#include "splitmix.h"
#include "apply.h"
#include "changes.h"
#include "events.h"
#include "table.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "xlat.h"

enum { PSZ = 4096, PAGES = 256, STEPS = 2000 };
static const uint64_t BASE = 0x200000000000ULL;

struct page {
	uint64_t obj, off;
	unsigned prot;
};

static uint64_t rng;

static uint64_t rnd(void)
{
	return splitmix64(&rng);
}

static uint64_t at(unsigned page)
{
	return BASE + (uint64_t)page * PSZ;
}

static void snap(const struct md_table *t, struct page *pg)
{
	for (unsigned i = 0; i < PAGES; i++) {
		const struct md_piece *p = md_table_find(t, at(i));
		pg[i] = p ? (struct page){p->obj, p->off + (at(i) - p->start), p->prot}
			  : (struct page){0, 0, 0};
	}
}

/* A random call on the window, as a successful record. */
static void random_rec(struct md_rec *r, uint64_t seq, uint64_t *brk_now)
{
	unsigned a = (unsigned)(rnd() % PAGES), n = 1 + (unsigned)(rnd() % 8);
	if (a + n > PAGES)
		n = PAGES - a;
	memset(r, 0, sizeof *r);
	r->size = sizeof *r;
	r->seq = seq;
	r->args[0] = at(a);
	r->args[1] = (uint64_t)n * PSZ - (rnd() % 2 ? 100 : 0); /* lengths round up */
	switch (rnd() % 8) {
	case 0:
	case 1:
		r->type = MD_EV_MMAP;
		r->args[2] = PROT_READ | (rnd() % 2 ? PROT_WRITE : 0);
		r->args[3] = MAP_FIXED | MAP_ANONYMOUS | (rnd() % 4 ? MAP_PRIVATE : MAP_SHARED);
		r->args[4] = (uint64_t)-1;
		r->ret = at(a);
		break;
	case 2:
		r->type = MD_EV_MUNMAP;
		break;
	case 3:
		r->type = MD_EV_MPROTECT;
		r->args[2] = rnd() % 4;
		break;
	case 4: {
		unsigned to = (unsigned)(rnd() % PAGES), m = 1 + (unsigned)(rnd() % 8);
		if (to + m > PAGES)
			m = PAGES - to;
		r->type = MD_EV_MREMAP;
		r->args[2] = (uint64_t)m * PSZ;
		r->args[3] = MREMAP_MAYMOVE | (rnd() % 2 ? MREMAP_FIXED : 0);
		if ((r->args[3] & MREMAP_FIXED) && rnd() % 3 == 0 && n == m)
			r->args[3] |= MREMAP_DONTUNMAP;
		r->ret = r->args[3] & MREMAP_FIXED ? at(to) : at(a);
		if (r->ret != at(a) && at(to) < at(a) + (uint64_t)n * PSZ &&
		    at(a) < at(to) + (uint64_t)m * PSZ)
			r->ret = at(a); /* overlapping moves fail in the kernel */
		r->args[4] = r->ret;
		break;
	}
	case 5:
		r->type = MD_EV_MADVISE;
		r->args[2] = rnd() % 2 ? MADV_DONTNEED : MADV_WILLNEED;
		break;
	case 6: {
		/* the heap is the window's top 64 pages */
		uint64_t to = at(PAGES - 64) + (rnd() % (64 * PSZ));
		r->type = MD_EV_BRK;
		r->args[0] = to;
		r->args[1] = *brk_now;
		r->ret = to;
		*brk_now = to;
		break;
	}
	default:
		r->type = MD_EV_SHMAT;
		r->args[0] = 7;
		r->args[2] = SHM_REMAP;
		r->args[3] = (uint64_t)n * PSZ;
		r->ret = at(a);
		break;
	}
}

static const struct md_change *covering(const struct md_change *c, int n, uint64_t addr,
					unsigned kind)
{
	for (int i = 0; i < n; i++)
		if (c[i].kind == kind && c[i].s <= addr && addr < c[i].e)
			return &c[i];
	return NULL;
}

/* Whether the kernel would accept r with the window as `pg` shows it:
 * mprotect, madvise and mremap fail on holes, and mremap's old range must
 * be one mapping. */
static int accepted(const struct md_rec *r, const struct page *pg, const struct md_table *t)
{
	uint64_t s = r->args[0], e = (s + r->args[1] + PSZ - 1) & ~(uint64_t)(PSZ - 1);
	if (r->type != MD_EV_MPROTECT && r->type != MD_EV_MADVISE && r->type != MD_EV_MREMAP)
		return 1;
	for (uint64_t a = s; a < e; a += PSZ)
		if (!pg[(a - BASE) / PSZ].obj)
			return 0;
	return r->type != MD_EV_MREMAP || md_table_find(t, s) == md_table_find(t, e - PSZ);
}

static void run(enum md_policy pol, uint64_t seed)
{
	struct md_table *t = md_table_new(PSZ, pol);
	struct page before[PAGES], after[PAGES];
	uint64_t brk_now = at(PAGES - 64);
	rng = seed;
	md_table_set_heap_start(t, brk_now);
	for (uint64_t step = 1; step <= STEPS; step++) {
		struct md_rec r;
		struct md_effect eff;
		struct md_change c[MD_CHANGES_MAX];
		random_rec(&r, step, &brk_now);
		snap(t, before);
		if (!accepted(&r, before, t) || md_apply(t, &r, &eff) < 0)
			continue;
		snap(t, after);
		int n = md_rec_changes(&r, pol, PSZ, c);
		ck_assert_msg(n >= 0, "seed %llx step %llu: %s not described",
			      (unsigned long long)seed, (unsigned long long)step, md_ev_name(r.type));
		for (unsigned i = 0; i < PAGES; i++) {
			const struct page *b = &before[i], *a = &after[i];
			const struct md_change *x;
			const char *miss = NULL;
			if (b->obj && !a->obj && !covering(c, n, at(i), MD_CH_UNMAPPED))
				miss = "went away";
			else if (a->obj && (a->obj != b->obj || a->off != b->off) &&
				 !covering(c, n, at(i), MD_CH_IDENTITY))
				miss = "got other memory";
			else if (a->obj && a->obj == b->obj && a->prot != b->prot &&
				 !covering(c, n, at(i), MD_CH_ACCESS) &&
				 !covering(c, n, at(i), MD_CH_IDENTITY))
				miss = "changed access";
			else if (covering(c, n, at(i), MD_CH_UNMAPPED) && a->obj)
				miss = "is said gone but is mapped";
			else if (covering(c, n, at(i), MD_CH_IDENTITY) && !a->obj)
				miss = "is said new but is unmapped";
			else if ((x = covering(c, n, at(i), MD_CH_ACCESS)) && (!a->obj || a->prot != x->prot))
				miss = "is said to have other access";
			ck_assert_msg(!miss, "seed %llx policy %d step %llu %s(%#llx, %#llx, %#llx, %#llx) "
				      "-> %#llx: page %#llx %s", (unsigned long long)seed, pol,
				      (unsigned long long)step, md_ev_name(r.type),
				      (unsigned long long)r.args[0], (unsigned long long)r.args[1],
				      (unsigned long long)r.args[2], (unsigned long long)r.args[3],
				      (unsigned long long)r.ret, (unsigned long long)at(i), miss);
		}
	}
	md_table_free(t);
}

static uint64_t base_seed(void)
{
	const char *s = getenv("MDTRACE_SEED");
	return s && *s ? strtoull(s, NULL, 0) : 0x6368616e676573ULL;
}

START_TEST(changes_agree_with_the_table)
{
	for (uint64_t k = 0; k < 4; k++) {
		run(MD_POLICY_CONTRACT, base_seed() + k);
		run(MD_POLICY_DMA, base_seed() + k);
	}
}
END_TEST

/* What no record alone can say, and failed calls. */
START_TEST(shmdt_needs_the_table_and_failures_change_nothing)
{
	struct md_rec r = {.size = sizeof r, .type = MD_EV_SHMDT, .args = {BASE}};
	struct md_change c[MD_CHANGES_MAX];
	ck_assert_int_eq(md_rec_changes(&r, MD_POLICY_CONTRACT, PSZ, c), -1);
	r = (struct md_rec){.size = sizeof r, .type = MD_EV_MUNMAP, .args = {BASE, PSZ},
			    .err = 22, .ret = (uint64_t)-22};
	ck_assert_int_eq(md_rec_changes(&r, MD_POLICY_CONTRACT, PSZ, c), 0);
	r = (struct md_rec){.size = sizeof r, .type = MD_EV_POSIX_MADVISE,
			    .args = {BASE, PSZ, POSIX_MADV_DONTNEED}};
	ck_assert_int_eq(md_rec_changes(&r, MD_POLICY_DMA, PSZ, c), 0);
}
END_TEST

Suite *md_test_suite(void)
{
	Suite *s = suite_create("changes");
	TCase *tc = tcase_create("changes");
	tcase_add_test(tc, changes_agree_with_the_table);
	tcase_add_test(tc, shmdt_needs_the_table_and_failures_change_nothing);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}
