/* check_api.c - libmdtrace through its public header only (mdtrace(3)):
 * every verdict and errno, policies, events, threads, a signal handler,
 * an event handler that calls the API and maps memory, fork.  Run plainly
 * (the library's own memory-only capture) by `make check`, and under
 * `mdtrace run` by tests/api/under_run.sh. */
#define _GNU_SOURCE
#include "config.h"
#include "check_main.h"
#include <mdtrace.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096ul

static char *anon(size_t len, void *at)
{
	char *p = mmap(at, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | (at ? MAP_FIXED : 0), -1, 0);
	ck_assert_ptr_ne(p, MAP_FAILED);
	return p;
}

static mdtrace_desc *desc_of(const void *p, size_t len, unsigned opt)
{
	struct mdtrace_range r = {(uintptr_t)p, len};
	mdtrace_desc *d = mdtrace_desc_with_address_ranges(&r, 1, opt);
	ck_assert_msg(d != NULL, "desc: %s", strerror(errno));
	return d;
}

static const char *why(const mdtrace_desc *d)
{
	static char buf[512];
	ck_assert_int_gt(mdtrace_desc_explain(d, buf, sizeof buf), 0);
	return buf;
}

/* The verdict of with_persistent(d): 'u' reused, 'b' rebuilt, or the errno. */
static int ask(mdtrace_desc *d, mdtrace_desc **out)
{
	errno = 0;
	mdtrace_desc *n = mdtrace_desc_with_persistent(d);
	if (out)
		*out = n;
	if (!n)
		return errno;
	int v = n == d ? 'u' : 'b';
	if (!out)
		mdtrace_desc_release(n);
	return v;
}

/* One capture per process: the preloaded library, whether LD_PRELOAD
 * named it or the loader brought it in for libmdtrace, mapped once. */
START_TEST(one_capture)
{
	char line[4096], first[4096] = "";
	int copies = 0;
	FILE *f = fopen("/proc/self/maps", "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof line, f)) {
		char *name = strstr(line, "/libmdtrace_preload.so");
		if (!name)
			continue;
		char *path = strchr(line, '/');
		if (strcmp(first, path)) {
			copies++;
			snprintf(first, sizeof first, "%s", path);
		}
	}
	fclose(f);
	ck_assert_int_eq(copies, 1);
}
END_TEST

START_TEST(reused_is_the_original)
{
	char *p = anon(2 * PG, NULL);
	mdtrace_desc *d = desc_of(p, 2 * PG, MDTRACE_PERSISTENT), *n;
	ck_assert_str_eq(mdtrace_version(), PACKAGE_VERSION);
	ck_assert_uint_eq(mdtrace_desc_refcount(d), 1);
	errno = 1234;
	ck_assert_int_eq(ask(d, &n), 'u');
	ck_assert_ptr_eq(n, d);
	ck_assert_uint_eq(mdtrace_desc_refcount(d), 2);
	ck_assert_int_eq(mdtrace_desc_last_verdict(d), MDTRACE_REUSED);
	ck_assert_str_eq(why(d), "reused: every page is backed by the memory it had at capture");
	/* the lock-free answer, asked again with nothing recorded since */
	errno = 1234;
	ck_assert_ptr_eq(mdtrace_desc_with_persistent(d), d);
	ck_assert_int_eq(errno, 1234);
	ck_assert_uint_eq(mdtrace_desc_refcount(d), 3);
	mdtrace_desc_release(d);
	mdtrace_desc_release(d);
	ck_assert_uint_eq(mdtrace_desc_refcount(d), 1);
	mdtrace_desc_release(d);
	munmap(p, 2 * PG);
}
END_TEST

START_TEST(aba_is_rebuilt)
{
	char *p = anon(2 * PG, NULL);
	mdtrace_desc *d = desc_of(p + 100, PG, MDTRACE_PERSISTENT | MDTRACE_DIR_IN), *n;
	struct mdtrace_range r[2];
	ck_assert_int_eq(ask(d, NULL), 'u');
	munmap(p, 2 * PG);
	anon(2 * PG, p);
	ck_assert_int_eq(ask(d, &n), 'b');
	ck_assert_ptr_ne(n, d);
	ck_assert_uint_eq(mdtrace_desc_refcount(n), 1);
	ck_assert_uint_eq(mdtrace_desc_refcount(d), 1);
	ck_assert_uint_eq(mdtrace_desc_options(n), MDTRACE_PERSISTENT | MDTRACE_DIR_IN);
	ck_assert_uint_eq(mdtrace_desc_ranges(n, r, 2), 1);
	ck_assert_uint_eq(r[0].addr, (uintptr_t)p + 100);
	ck_assert_uint_eq(r[0].len, PG);
	ck_assert_int_eq(mdtrace_desc_last_verdict(d), MDTRACE_REBUILT);
	ck_assert_msg(!strncmp(why(d), "rebuilt: ", 9), "%s", why(d));
	/* the new one is the memory now */
	ck_assert_int_eq(ask(n, NULL), 'u');
	ck_assert_int_eq(mdtrace_desc_explain(n, NULL, 0) > 0, 1);
	mdtrace_desc_release(n);
	mdtrace_desc_release(d);
	munmap(p, 2 * PG);
}
END_TEST

START_TEST(unmapped_is_efault)
{
	char *p = anon(3 * PG, NULL);
	mdtrace_desc *d = desc_of(p, 3 * PG, MDTRACE_PERSISTENT), *n;
	char want[128];
	munmap(p + PG, PG);
	ck_assert_int_eq(ask(d, &n), EFAULT);
	ck_assert_ptr_null(n);
	snprintf(want, sizeof want, "null: %p-%p is unmapped", (void *)(p + PG), (void *)(p + 2 * PG));
	ck_assert_str_eq(why(d), want);
	ck_assert_int_eq(mdtrace_desc_last_verdict(d), MDTRACE_NULL);
	mdtrace_desc_release(d);
	munmap(p, 3 * PG);
}
END_TEST

START_TEST(access_by_direction)
{
	char *p = anon(PG, NULL);
	mdtrace_desc *inout = desc_of(p, PG, MDTRACE_PERSISTENT);
	mdtrace_desc *both = desc_of(p, PG, MDTRACE_PERSISTENT | MDTRACE_DIR_IN | MDTRACE_DIR_OUT);
	mdtrace_desc *in = desc_of(p, PG, MDTRACE_PERSISTENT | MDTRACE_DIR_IN);
	mdtrace_desc *out = desc_of(p, PG, MDTRACE_PERSISTENT | MDTRACE_DIR_OUT);
	ck_assert_int_eq(mprotect(p, PG, PROT_READ), 0);
	ck_assert_int_eq(ask(inout, NULL), EACCES);
	ck_assert_msg(strstr(why(inout), "is r--, needs rw-"), "%s", why(inout));
	ck_assert_int_eq(ask(both, NULL), EACCES);
	ck_assert_int_eq(ask(out, NULL), EACCES);
	ck_assert_int_eq(ask(in, NULL), 'u'); /* the device only reads it */
	ck_assert_int_eq(mprotect(p, PG, PROT_NONE), 0);
	ck_assert_int_eq(ask(in, NULL), EACCES);
	ck_assert_int_eq(mprotect(p, PG, PROT_READ | PROT_WRITE), 0);
	ck_assert_int_eq(ask(inout, NULL), 'u'); /* access back: same memory */
	mdtrace_desc_release(inout);
	mdtrace_desc_release(both);
	mdtrace_desc_release(in);
	mdtrace_desc_release(out);
	munmap(p, PG);
}
END_TEST

START_TEST(einval_cases)
{
	char *p = anon(2 * PG, NULL);
	struct mdtrace_range r = {(uintptr_t)p, PG}, zero = {(uintptr_t)p, 0},
			     wrap = {UINT64_MAX - 10, 100};
	mdtrace_desc *plain = desc_of(p, PG, 0), *bad;
	errno = 0;
	ck_assert_ptr_null(mdtrace_desc_with_persistent(NULL));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(ask(plain, NULL), EINVAL);
	ck_assert_str_eq(why(plain), "null: the descriptor was not created persistent");
	munmap(p + PG, PG);
	bad = desc_of(p, 2 * PG, MDTRACE_PERSISTENT);
	ck_assert_int_eq(ask(bad, NULL), EINVAL);
	ck_assert_msg(!strncmp(why(bad), "null: bad original", 18), "%s", why(bad));
	struct { const struct mdtrace_range *r; unsigned n, opt; } no[] = {
		{&r, 0, MDTRACE_PERSISTENT}, {NULL, 1, MDTRACE_PERSISTENT},
		{&zero, 1, MDTRACE_PERSISTENT}, {&wrap, 1, MDTRACE_PERSISTENT},
		{&r, 1, MDTRACE_POLICY_DMA | MDTRACE_POLICY_XNU}, {&r, 1, 1u << 20},
	};
	for (unsigned i = 0; i < sizeof no / sizeof *no; i++) {
		errno = 0;
		ck_assert_ptr_null(mdtrace_desc_with_address_ranges(no[i].r, no[i].n, no[i].opt));
		ck_assert_int_eq(errno, EINVAL);
	}
	/* never asked: nothing to explain */
	mdtrace_desc *fresh = desc_of(p, PG, MDTRACE_PERSISTENT);
	errno = 0;
	ck_assert_int_eq(mdtrace_desc_explain(fresh, (char[8]){0}, 8), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(mdtrace_desc_last_verdict(fresh), -1);
	ck_assert_int_eq(mdtrace_desc_explain(NULL, NULL, 0), -1);
	mdtrace_desc_release(NULL);
	ck_assert_uint_eq(mdtrace_desc_refcount(NULL), 0);
	mdtrace_desc_release(fresh);
	mdtrace_desc_release(plain);
	mdtrace_desc_release(bad);
	munmap(p, PG);
}
END_TEST

/* Out of address space for the descriptor's own memory: ENOMEM. */
START_TEST(enomem_when_memory_runs_out)
{
	char *p = anon(PG, NULL);
	enum { N = 200000 };
	struct mdtrace_range *r = malloc(N * sizeof *r);
	for (unsigned i = 0; i < N; i++)
		r[i] = (struct mdtrace_range){(uintptr_t)p, PG};
	mdtrace_desc *warm = desc_of(p, PG, MDTRACE_PERSISTENT); /* the table exists */
	struct rlimit rl = {0, 0};
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long vm = 0;
	ck_assert(f && fscanf(f, "%lu", &vm) == 1);
	fclose(f);
	rl.rlim_cur = rl.rlim_max = vm * PG + (1u << 20);
	ck_assert_int_eq(setrlimit(RLIMIT_AS, &rl), 0);
	errno = 0;
	ck_assert_ptr_null(mdtrace_desc_with_address_ranges(r, N, MDTRACE_PERSISTENT));
	ck_assert_int_eq(errno, ENOMEM);
	ck_assert_int_eq(ask(warm, NULL), 'u'); /* and the API still works */
	mdtrace_desc_release(warm);
}
END_TEST

START_TEST(policy_dma_and_contract)
{
	char *p = anon(PG, NULL);
	mdtrace_desc *c = desc_of(p, PG, MDTRACE_PERSISTENT);
	mdtrace_desc *d = desc_of(p, PG, MDTRACE_PERSISTENT | MDTRACE_POLICY_DMA);
	p[0] = 1;
	ck_assert_int_eq(madvise(p, PG, MADV_DONTNEED), 0);
	ck_assert_int_eq(ask(c, NULL), 'u'); /* contract: the same mapping */
	ck_assert_int_eq(ask(d, NULL), 'b'); /* dma: its frames were given back */
	ck_assert_uint_eq(mdtrace_desc_options(d), MDTRACE_PERSISTENT | MDTRACE_POLICY_DMA);
	mdtrace_desc_release(c);
	mdtrace_desc_release(d);
	munmap(p, PG);
}
END_TEST

/* xnu: cut into map entries, each at offset 0 of its object; the
 * persistent flag looked at only when rebuilding (mdtrace-verdicts(7)). */
START_TEST(policy_xnu)
{
	char *p = anon(4 * PG, NULL);
	mdtrace_desc *whole = desc_of(p, 4 * PG, MDTRACE_POLICY_XNU); /* not persistent */
	mdtrace_desc *inside = desc_of(p + PG, PG, MDTRACE_PERSISTENT | MDTRACE_POLICY_XNU);
	mdtrace_desc *contract = desc_of(p + PG, PG, MDTRACE_PERSISTENT);
	ck_assert_int_eq(ask(whole, NULL), 'u');
	ck_assert_int_eq(ask(contract, NULL), 'u');
	ck_assert_int_eq(ask(inside, NULL), 'b');
	ck_assert_msg(strstr(why(inside), "offset 0"), "%s", why(inside));
	munmap(p + 2 * PG, 2 * PG);
	anon(2 * PG, p + 2 * PG);
	ck_assert_int_eq(ask(whole, NULL), EINVAL); /* changed, and not persistent */
	mdtrace_desc_release(whole);
	mdtrace_desc_release(inside);
	mdtrace_desc_release(contract);
	munmap(p, 4 * PG);
}
END_TEST

/* ---- events ---- */

#define LOG_MAX 64
static struct mdtrace_event logged[LOG_MAX];
static int nlogged;
static mdtrace_desc *watched;
static int watched_verdict = -1;

static void log_event(const struct mdtrace_event *ev, void *arg)
{
	(void)arg;
	if (nlogged < LOG_MAX)
		logged[nlogged++] = *ev;
}

/* Was ev (type, addr, len, call) delivered? */
static int delivered(unsigned type, const void *addr, size_t len, const char *call)
{
	for (int i = 0; i < nlogged; i++)
		if (logged[i].type == type && logged[i].addr == (uintptr_t)addr &&
		    logged[i].len == len && !strcmp(logged[i].call, call) && logged[i].tid == gettid())
			return 1;
	return 0;
}

START_TEST(events_for_each_call)
{
	ck_assert_int_eq(mdtrace_set_event_handler(MDTRACE_EVENT_ALL, log_event, NULL), 0);
	char *p = anon(4 * PG, NULL);
	ck_assert(delivered(MDTRACE_EVENT_IDENTITY, p, 4 * PG, "mmap"));
	ck_assert_int_eq(mprotect(p, PG, PROT_READ), 0);
	ck_assert(delivered(MDTRACE_EVENT_ACCESS, p, PG, "mprotect"));
	ck_assert_uint_eq(logged[nlogged - 1].prot, PROT_READ);
	ck_assert_int_eq(munmap(p + 3 * PG, PG), 0);
	ck_assert(delivered(MDTRACE_EVENT_UNMAPPED, p + 3 * PG, PG, "munmap"));
	/* mremap: a move gives the old pages back, the new ones are there */
	char *q = mremap(p + PG, 2 * PG, 6 * PG, MREMAP_MAYMOVE);
	ck_assert_ptr_ne(q, MAP_FAILED);
	if (q != p + PG) {
		ck_assert(delivered(MDTRACE_EVENT_UNMAPPED, p + PG, 2 * PG, "mremap"));
		ck_assert(delivered(MDTRACE_EVENT_IDENTITY, q, 6 * PG, "mremap"));
	} else {
		ck_assert(delivered(MDTRACE_EVENT_IDENTITY, p + 3 * PG, 4 * PG, "mremap"));
	}
	munmap(p, PG);
	/* shmdt: the whole segment, whose length only the table knows */
	int id = shmget(IPC_PRIVATE, 3 * PG, IPC_CREAT | 0600);
	ck_assert_int_ge(id, 0);
	char *s = shmat(id, NULL, 0);
	shmctl(id, IPC_RMID, NULL);
	ck_assert_ptr_ne(s, (void *)-1);
	ck_assert(delivered(MDTRACE_EVENT_IDENTITY, s, 3 * PG, "shmat"));
	ck_assert_int_eq(shmdt(s), 0);
	ck_assert(delivered(MDTRACE_EVENT_UNMAPPED, s, 3 * PG, "shmdt"));
	/* a failed call changes nothing and tells nothing */
	int before = nlogged;
	ck_assert_int_eq(munmap((void *)1, PG), -1);
	ck_assert_int_eq(nlogged, before);
	/* only the kinds asked for; 0 removes the handler */
	ck_assert_int_eq(mdtrace_set_event_handler(MDTRACE_EVENT_UNMAPPED, log_event, NULL), 0);
	before = nlogged;
	ck_assert_int_eq(mprotect(q, PG, PROT_READ | PROT_WRITE), 0);
	ck_assert_int_eq(nlogged, before);
	ck_assert_int_eq(mdtrace_set_event_handler(0, log_event, NULL), 0);
	ck_assert_int_eq(munmap(q, 6 * PG), 0);
	ck_assert_int_eq(nlogged, before);
	errno = 0;
	ck_assert_int_eq(mdtrace_set_event_handler(MDTRACE_EVENT_ALL, NULL, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(mdtrace_set_event_handler(1u << 5, log_event, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(events_for_brk)
{
	ck_assert_int_eq(mdtrace_set_event_handler(MDTRACE_EVENT_ALL, log_event, NULL), 0);
	char *b = sbrk(0);
	uintptr_t top = ((uintptr_t)b + PG - 1) & ~(PG - 1);
	ck_assert_ptr_ne(sbrk(8 * PG), (void *)-1);
	ck_assert(delivered(MDTRACE_EVENT_IDENTITY, (void *)top, 8 * PG, "brk"));
	ck_assert_ptr_ne(sbrk(-(long)(4 * PG)), (void *)-1);
	ck_assert(delivered(MDTRACE_EVENT_UNMAPPED, (void *)(top + 4 * PG), 4 * PG, "brk"));
}
END_TEST

/* A handler that asks about the range the call just changed (the answer
 * already counts the call) and maps and unmaps memory of its own (those
 * calls' events reach it too, nested). */
static int nested;
static void asking(const struct mdtrace_event *ev, void *arg)
{
	char *own;
	static int once;
	if (ev->type != MDTRACE_EVENT_UNMAPPED || ev->addr != (uintptr_t)arg || once++) {
		if (ev->type == MDTRACE_EVENT_IDENTITY)
			nested++;
		return;
	}
	watched_verdict = ask(watched, NULL);
	own = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(own, MAP_FAILED);
	munmap(own, PG);
}

START_TEST(event_handler_calls_the_api)
{
	char *p = anon(PG, NULL);
	watched = desc_of(p, PG, MDTRACE_PERSISTENT);
	ck_assert_int_eq(mdtrace_set_event_handler(MDTRACE_EVENT_ALL, asking, p), 0);
	errno = 77;
	ck_assert_int_eq(munmap(p, PG), 0);
	ck_assert_int_eq(errno, 77); /* the handler's calls leave errno alone */
	ck_assert_int_eq(watched_verdict, EFAULT);
	ck_assert_int_eq(nested, 1); /* the handler's own mmap */
	mdtrace_desc_release(watched);
}
END_TEST

/* ---- signals ---- */

static mdtrace_desc *stable;
static volatile sig_atomic_t in_handler, wrong, eagain, in_api;

static void on_alarm(int sig)
{
	int saved = errno;
	mdtrace_desc *n = mdtrace_desc_with_persistent(stable);
	(void)sig;
	if (n == stable)
		mdtrace_desc_release(n);
	else if (!n && errno == EAGAIN && in_api)
		eagain++; /* it interrupted its own thread inside the library */
	else
		wrong++;
	in_handler++;
	errno = saved;
}

START_TEST(from_a_signal_handler)
{
	char *keep = anon(PG, NULL);
	struct itimerval it = {{0, 50}, {0, 50}};
	stable = desc_of(keep, PG, MDTRACE_PERSISTENT);
	signal(SIGALRM, on_alarm);
	ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
	for (int i = 0; i < 20000 && in_handler < 500; i++) {
		char *p = anon(PG, NULL);
		in_api = 1;
		mdtrace_desc *d = desc_of(p, PG, MDTRACE_PERSISTENT);
		in_api = 0;
		munmap(p, PG);
		in_api = 1;
		int v = ask(d, NULL);
		mdtrace_desc_release(d);
		in_api = 0;
		ck_assert_msg(v == EFAULT, "verdict %d", v);
	}
	it = (struct itimerval){0};
	setitimer(ITIMER_REAL, &it, NULL);
	ck_assert_int_ge(in_handler, 100);
	ck_assert_int_eq(wrong, 0);
	/* answered, mostly: EAGAIN only inside the library's own lock */
	ck_assert_int_lt(eagain, in_handler / 2);
	mdtrace_desc_release(stable);
}
END_TEST

/* ---- threads ---- */

static char *racy;
static unsigned long remaps; /* atomic: mappings of racy replaced so far */
static volatile int stop;

static void *remapper(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		munmap(racy, PG);
		anon(PG, racy);
		__atomic_fetch_add(&remaps, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* One thread maps and unmaps while another asks: once a replacement has
 * finished, the captured memory is gone for good, so "reused" is wrong
 * from then on; every answer must be one of the three. */
START_TEST(threads_race_on_one_page)
{
	pthread_t th;
	racy = anon(PG, NULL);
	mdtrace_desc *d = desc_of(racy, PG, MDTRACE_PERSISTENT);
	int seen[3] = {0};
	ck_assert_int_eq(pthread_create(&th, NULL, remapper, NULL), 0);
	unsigned long at = 0; /* replacements finished when d was captured */
	for (int i = 0; i < 20000; i++) {
		unsigned long before = __atomic_load_n(&remaps, __ATOMIC_ACQUIRE);
		mdtrace_desc *n;
		int v = ask(d, &n);
		ck_assert_msg(v == 'u' || v == 'b' || v == EFAULT, "verdict %d", v);
		/* at + 1 may have begun before the capture; at + 2 began after */
		ck_assert_msg(!(before >= at + 2 && v == 'u'), "reused after %lu replacements "
			      "(%lu at capture)", before, at);
		seen[v == 'u' ? 0 : v == 'b' ? 1 : 2]++;
		if (n)
			mdtrace_desc_release(n);
		if (i % 1000 == 999) { /* a fresh capture now and then, of a mapped page */
			do {
				mdtrace_desc_release(d);
				d = desc_of(racy, PG, MDTRACE_PERSISTENT);
			} while (ask(d, NULL) == EINVAL);
			at = __atomic_load_n(&remaps, __ATOMIC_ACQUIRE);
		}
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	pthread_join(th, NULL);
	ck_assert_int_gt(seen[1] + seen[2], 0);
	mdtrace_desc_release(d);
}
END_TEST

/* ---- memory-only capture ---- */

/* The memory held by the memory-only trace: the blocks its memfd has
 * allocated (RssShmem would not see pages written with pwrite that were
 * never mapped). 0 when there is no such memfd. */
static unsigned long trace_memfd_kb(void)
{
	char path[300], target[128];
	struct stat st;
	unsigned long kb = 0;
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		snprintf(path, sizeof path, "/proc/self/fd/%s", e->d_name);
		ssize_t n = readlink(path, target, sizeof target - 1);
		if (n <= 0)
			continue;
		target[n] = 0;
		if (strncmp(target, "/memfd:mdtrace", 14) == 0 && stat(path, &st) == 0)
			kb += (unsigned long)st.st_blocks / 2;
	}
	if (d)
		closedir(d);
	return kb;
}

/* Without a trace file the records live in a memfd; those every table has
 * read are given back, so a long run does not pile them up: 300000
 * mapping calls write some 60 MiB of records. */
START_TEST(memory_records_are_given_back)
{
	char *p = anon(PG, NULL);
	mdtrace_desc *d = desc_of(p, PG, MDTRACE_PERSISTENT);
	if (getenv("MDTRACE_OUTPUT"))
		return; /* under mdtrace run: the trace file keeps them all */
	unsigned long before = trace_memfd_kb();
	ck_assert_msg(before > 0, "no memory-only trace (memfd) found");
	for (int i = 0; i < 150000; i++) {
		munmap(p, PG);
		anon(PG, p);
		if (i % 1000 == 0) {
			mdtrace_desc *n = mdtrace_desc_with_persistent(d);
			ck_assert_ptr_ne(n, NULL);
			mdtrace_desc_release(d);
			d = n;
		}
	}
	unsigned long after = trace_memfd_kb();
	ck_assert_msg(after < before + 16 * 1024, "trace memfd %lu kB -> %lu kB", before, after);
	ck_assert_int_eq(ask(d, NULL), 'b'); /* 999 replacements since */
	mdtrace_desc_release(d);
}
END_TEST

/* ... and without a call in between: the hooks read them when too many
 * wait. */
START_TEST(memory_records_are_given_back_unasked)
{
	char *p = anon(PG, NULL);
	mdtrace_desc *d = desc_of(p, PG, MDTRACE_PERSISTENT);
	if (getenv("MDTRACE_OUTPUT"))
		return;
	unsigned long before = trace_memfd_kb();
	ck_assert_msg(before > 0, "no memory-only trace (memfd) found");
	for (int i = 0; i < 150000; i++) {
		munmap(p, PG);
		anon(PG, p);
	}
	unsigned long after = trace_memfd_kb();
	ck_assert_msg(after < before + 16 * 1024, "trace memfd %lu kB -> %lu kB", before, after);
	ck_assert_int_eq(ask(d, NULL), 'b');
	mdtrace_desc_release(d);
}
END_TEST

/* ---- fork ---- */

START_TEST(fork_child_keeps_shared_memory)
{
	char *priv = anon(PG, NULL);
	char *shared = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	mdtrace_desc *dp = desc_of(priv, PG, MDTRACE_PERSISTENT);
	mdtrace_desc *ds = desc_of(shared, PG, MDTRACE_PERSISTENT);
	int st;
	pid_t pid = fork();
	if (pid == 0) {
		/* the child's private pages are copies: new memory */
		int a = ask(dp, NULL), b = ask(ds, NULL);
		char *p = anon(PG, NULL);
		mdtrace_desc *c = mdtrace_desc_with_address_ranges(
			&(struct mdtrace_range){(uintptr_t)p, PG}, 1, MDTRACE_PERSISTENT);
		munmap(p, PG);
		int e = c ? ask(c, NULL) : -1;
		_exit(a == 'b' && b == 'u' && e == EFAULT ? 0 : 10 + (a == 'b') + 2 * (b == 'u'));
	}
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: %d", WEXITSTATUS(st));
	ck_assert_int_eq(ask(dp, NULL), 'u'); /* the parent's are its own still */
	ck_assert_int_eq(ask(ds, NULL), 'u');
}
END_TEST

Suite *md_test_suite(void)
{
	Suite *s = suite_create("api");
	TCase *v = tcase_create("verdicts"), *e = tcase_create("events"),
	      *c = tcase_create("concurrency");
	tcase_add_test(v, one_capture);
	tcase_add_test(v, reused_is_the_original);
	tcase_add_test(v, aba_is_rebuilt);
	tcase_add_test(v, unmapped_is_efault);
	tcase_add_test(v, access_by_direction);
	tcase_add_test(v, einval_cases);
	tcase_add_test(v, enomem_when_memory_runs_out);
	tcase_add_test(v, policy_dma_and_contract);
	tcase_add_test(v, policy_xnu);
	tcase_add_test(e, events_for_each_call);
	tcase_add_test(e, events_for_brk);
	tcase_add_test(e, event_handler_calls_the_api);
	tcase_add_test(c, from_a_signal_handler);
	tcase_add_test(c, threads_race_on_one_page);
	tcase_add_test(c, fork_child_keeps_shared_memory);
	tcase_add_test(c, memory_records_are_given_back);
	tcase_add_test(c, memory_records_are_given_back_unasked);
	tcase_set_timeout(c, 60);
	suite_add_tcase(s, v);
	suite_add_tcase(s, e);
	suite_add_tcase(s, c);
	return s;
}
