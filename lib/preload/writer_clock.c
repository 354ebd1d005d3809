/* writer_clock.c - the time stamped on records, and the hooks' timer. */
#define _GNU_SOURCE
#include "writer.h"
#include <errno.h>
#include "config.h"
#if defined(__x86_64__)
#include <cpuid.h>
#ifdef HAVE_SYS_PLATFORM_X86_H
#include <sys/platform/x86.h>
#endif
#endif
#include <string.h>
#include <time.h>

uint64_t md_writer_clock_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}


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

/* The invariant TSC bit (CPUID 0x80000007, EDX bit 8): where it is set
 * the kernel shows both constant_tsc and nonstop_tsc in /proc/cpuinfo.
 * From glibc's copy of the CPUID leaves when it has one: in a virtual
 * machine a CPUID instruction exits to the hypervisor (some 10 us), and a
 * read of /proc/cpuinfo costs more still (mdtrace-trace(5), TIME). */
static int cpu_tsc_ok(void)
{
#ifdef HAVE_SYS_PLATFORM_X86_H
	return CPU_FEATURE_PRESENT(INVARIANT_TSC);
#else
	unsigned a, b, c, d;
	if (!__get_cpuid(0x80000000u, &a, &b, &c, &d) || a < 0x80000007u)
		return 0;
	__get_cpuid(0x80000007u, &a, &b, &c, &d);
	return (d >> 8) & 1;
#endif
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
int md_writer_use_tsc(void)
{
	static int ok = -1;
	if (ok < 0)
		ok = !md_env_monotonic && cpu_tsc_ok();
	return ok;
}

__thread unsigned md_hook_left __attribute__((tls_model("initial-exec")));
static __thread uint32_t hook_rng __attribute__((tls_model("initial-exec")));

uint64_t md_hook_timer(void)
{
	uint32_t x = hook_rng;
	int first = !x;
	if (first) /* seeded per thread on first use */
		x = (uint32_t)md_rec_clock() ^ (uint32_t)md_tid() * 2654435761u ^ 1u;
	x ^= x << 13; /* xorshift32 */
	x ^= x >> 17;
	x ^= x << 5;
	hook_rng = x;
	md_hook_left = x % (2 * MD_HOOK_EVERY - 1);
	return first ? 0 : md_rec_clock();
}

uint64_t md_now(void)
{
	return md_rec_clock();
}


/* A (ticks, ns) pair: the tightest of a few tries brackets the clock read
 * (an interrupt between the reads would skew the pair). */
static struct md_clock_pair clock_sample(void)
{
	struct md_clock_pair p = { 0 };
	uint64_t best = UINT64_MAX;
	for (int i = 0; i < 3; i++) {
		uint64_t t1 = ticks(), ns = md_writer_clock_ns(CLOCK_MONOTONIC), t2 = ticks();
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
void md_writer_clock_pair(struct md_trace_header *h)
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
void md_writer_clock_start(struct md_trace_header *h, const struct md_trace_header *parent)
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
