/* bench_table.c - speed and size of the range table (table.h).
 *
 * For each table size: ns per md_table_find inside pieces and in gaps, ns
 * per update call, bytes per piece, each judged against the targets of the
 * issue (lookup < 200 ns, update < 1 us, < 96 bytes per piece).  A miss is
 * printed, never hidden; this is a benchmark, not a test, so it exits 0.
 *
 * The table holds pieces of PIECE_PAGES pages of one shared file with a gap
 * of GAP_PAGES after each, so no two pieces can coalesce.  Every timed loop
 * leaves the table as it found it, so repetitions measure the same table.
 *
 * Usage: bench_table [pieces...]   (default: 1000 65530 262144) */
#define _GNU_SOURCE
#include "table.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

enum { PIECE_PAGES = 4, GAP_PAGES = 4, STRIDE_PAGES = PIECE_PAGES + GAP_PAGES };
enum { REPS = 7, LOOKUPS = 400000, UPDATES = 20000 };
enum { FILE_DEV = 0x803, FILE_INO = 4242 };

#define BASE 0x100000000ULL
#define T_LOOKUP_NS 200.0
#define T_UPDATE_NS 1000.0
#define T_BYTES 96.0

static uint64_t page;
static volatile uint64_t sink;
/* Always 0, but the compiler cannot know: ties each lookup's address to the
 * previous result, so the loop measures latency, not overlapped misses. */
static volatile uint64_t zero;

struct result {
	double lookup, gap, update, protect, bytes, rss;
};

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static uint64_t rng(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* A value in [0, n) from a random word. */
static uint64_t below(uint64_t r, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)r * n) >> 64);
}

static uint64_t piece_start(uint64_t i)
{
	return BASE + i * STRIDE_PAGES * page;
}

/* Resident pages not backed by a file (statm: resident - shared), so the
 * code pages the first run faults in do not count as table memory. */
static long rss_pages(void)
{
	long size = 0, res = 0, shared = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (!f)
		return 0;
	if (fscanf(f, "%ld %ld %ld", &size, &res, &shared) != 3)
		res = shared = 0;
	fclose(f);
	return res - shared;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return v[n / 2];
}

/* The file page that belongs at piece i, page k: mapping it restores the
 * original identity, so the piece coalesces back to one. */
static int map_file(struct md_table *t, uint64_t i, uint64_t k, uint64_t npages)
{
	struct md_map_req r = {
		.start = piece_start(i) + k * page, .len = npages * page,
		.prot = MD_PROT_R | MD_PROT_W, .kind = MD_FILE_SHARED,
		.dev = FILE_DEV, .ino = FILE_INO,
		.off = (i * STRIDE_PAGES + k) * page, .path = "/bench/file",
	};
	return md_table_map(t, &r, 1);
}

static int map_anon(struct md_table *t, uint64_t addr)
{
	struct md_map_req r = {
		.start = addr, .len = page, .prot = MD_PROT_R | MD_PROT_W,
		.kind = MD_ANON_PRIVATE,
	};
	return md_table_map(t, &r, 2);
}

/* Insert the pieces in a shuffled order, as a process would not map them in
 * address order either. */
static void shuffle(uint64_t *order, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		order[i] = i;
	uint64_t s = 0x9e3779b97f4a7c15ULL;
	for (uint64_t i = n - 1; i > 0; i--) {
		uint64_t j = below(rng(&s), i + 1), x = order[i];
		order[i] = order[j];
		order[j] = x;
	}
}

static struct md_table *build(const uint64_t *order, uint64_t n)
{
	struct md_table *t = md_table_new((unsigned)page, MD_POLICY_CONTRACT);
	if (!t)
		return NULL;
	for (uint64_t i = 0; i < n; i++)
		if (map_file(t, order[i], 0, PIECE_PAGES) < 0) {
			md_table_free(t);
			return NULL;
		}
	return t;
}

/* ns per md_table_find at random addresses; in_gap picks gap pages. */
static double time_lookup(const struct md_table *t, uint64_t n, int in_gap, uint64_t seed)
{
	uint64_t s = seed, acc = 0, z = zero;
	uint64_t first = in_gap ? PIECE_PAGES : 0, span = in_gap ? GAP_PAGES : PIECE_PAGES;
	double t0 = now_ns();
	for (int i = 0; i < LOOKUPS; i++) {
		uint64_t r = rng(&s);
		uint64_t a = piece_start(below(r, n)) + (first + (r & 0xff) % span) * page;
		const struct md_piece *p = md_table_find(t, a);
		uint64_t v = p ? p->obj : 1;
		acc += v;
		s ^= v & z;
	}
	double dt = now_ns() - t0;
	sink += acc;
	return dt / LOOKUPS;
}

static double time_find(struct md_table *t, uint64_t n, uint64_t seed)
{
	return time_lookup(t, n, 0, seed);
}

static double time_gap(struct md_table *t, uint64_t n, uint64_t seed)
{
	return time_lookup(t, n, 1, seed);
}

/* ns per call: a page mapped over a random piece (splitting it), unmapped,
 * and its file page mapped back (coalescing again): three calls. */
static double time_update(struct md_table *t, uint64_t n, uint64_t seed)
{
	uint64_t s = seed;
	int bad = 0;
	double t0 = now_ns();
	for (int i = 0; i < UPDATES; i++) {
		uint64_t r = rng(&s), p = below(r, n), k = (r & 0xff) % PIECE_PAGES;
		uint64_t a = piece_start(p) + k * page;
		bad |= map_anon(t, a);
		bad |= md_table_unmap(t, a, page, 3);
		bad |= map_file(t, p, k, 1);
	}
	double dt = now_ns() - t0;
	if (bad)
		fprintf(stderr, "bench_table: an update failed\n");
	return dt / (3.0 * UPDATES);
}

/* ns per call: one page of a random piece made read-only, then restored. */
static double time_protect(struct md_table *t, uint64_t n, uint64_t seed)
{
	uint64_t s = seed;
	int bad = 0;
	double t0 = now_ns();
	for (int i = 0; i < UPDATES; i++) {
		uint64_t r = rng(&s), p = below(r, n), k = (r & 0xff) % PIECE_PAGES;
		uint64_t a = piece_start(p) + k * page;
		bad |= md_table_protect(t, a, page, MD_PROT_R, 4);
		bad |= md_table_protect(t, a, page, MD_PROT_R | MD_PROT_W, 4);
	}
	double dt = now_ns() - t0;
	if (bad)
		fprintf(stderr, "bench_table: a protect failed\n");
	return dt / (2.0 * UPDATES);
}

typedef double (*timer_fn)(struct md_table *, uint64_t, uint64_t);

/* Median of REPS runs of fn after one warm-up run. */
static double median_of(timer_fn fn, struct md_table *t, uint64_t n, uint64_t salt)
{
	double v[REPS];
	uint64_t s = n * 0x100000001b3ULL + salt;
	fn(t, n, rng(&s));
	for (int i = 0; i < REPS; i++)
		v[i] = fn(t, n, rng(&s));
	return median(v, REPS);
}

/* The table must come back from every loop exactly as it was built. */
static void check_same(const struct md_table *t, uint64_t n, const char *after)
{
	const char *err = md_table_check(t);
	if (md_table_count(t) != n || err)
		fprintf(stderr, "bench_table: after %s: %zu pieces (want %llu)%s%s\n",
			after, md_table_count(t), (unsigned long long)n,
			err ? ", " : "", err ? err : "");
}

static int run_size(uint64_t n, struct result *res)
{
	uint64_t *order = malloc(n * sizeof *order);
	if (!order)
		return -1;
	shuffle(order, n);
	long rss0 = rss_pages();
	struct md_table *t = build(order, n);
	long rss1 = rss_pages();
	free(order);
	if (!t)
		return -1;
	check_same(t, n, "build");
	res->bytes = (double)md_table_bytes(t) / md_table_count(t);
	res->lookup = median_of(time_find, t, n, 1);
	res->gap = median_of(time_gap, t, n, 2);
	res->update = median_of(time_update, t, n, 3);
	check_same(t, n, "updates");
	res->protect = median_of(time_protect, t, n, 4);
	check_same(t, n, "protects");
	/* The updates touched scratch space too: count the larger RSS. */
	long rss2 = rss_pages();
	long grown = (rss2 > rss1 ? rss2 : rss1) - rss0;
	res->rss = (double)grown * page / n;
	md_table_free(t);
	return 0;
}

static const char *verdict(double got, double target)
{
	return got < target ? "PASS" : "MISS";
}

static double max2(double a, double b)
{
	return a > b ? a : b;
}

static void print_row(uint64_t n, const struct result *r)
{
	printf("%8llu %9.1f %7.1f %9.1f %10.1f %7.1f %7.1f   %-10s %-10s %s\n",
	       (unsigned long long)n, r->lookup, r->gap, r->update, r->protect,
	       r->bytes, r->rss,
	       verdict(max2(r->lookup, r->gap), T_LOOKUP_NS),
	       verdict(max2(r->update, r->protect), T_UPDATE_NS),
	       verdict(max2(r->bytes, r->rss), T_BYTES));
}

int main(int argc, char **argv)
{
	static const uint64_t defaults[] = {1000, 65530, 262144};
	page = (uint64_t)sysconf(_SC_PAGESIZE);
	struct result warm;
	run_size(100, &warm); /* fault in code and stdio before measuring memory */
	printf("range table: pieces of %d pages with %d-page gaps; ns are medians of %d runs\n"
	       "(lookup: %d dependent finds; update: map over + unmap + map back, per call;\n"
	       " protect: protect + restore, per call; B: md_table_bytes, RSS: statm growth)\n",
	       PIECE_PAGES, GAP_PAGES, REPS, LOOKUPS);
	printf("%8s %9s %7s %9s %10s %7s %7s   %-10s %-10s %s\n", "pieces", "lookup", "gap",
	       "update", "protect", "B/pc", "RSS/pc", "lookup<200", "update<1us", "bytes<96");
	int nsizes = argc > 1 ? argc - 1 : 3;
	for (int i = 0; i < nsizes; i++) {
		uint64_t n = argc > 1 ? strtoull(argv[i + 1], NULL, 0) : defaults[i];
		struct result r;
		if (n == 0 || run_size(n, &r) < 0) {
			printf("%8llu   (could not build the table)\n", (unsigned long long)n);
			continue;
		}
		print_row(n, &r);
		fflush(stdout);
	}
	return 0;
}
