/* events.c - mdtrace_set_event_handler: the changes of each call the
 * program makes, delivered in its thread as the call returns (the hooks
 * call dispatch(), capture.h).  What a call changed comes from its record
 * alone (lib/trace/changes.c), so delivery needs no table and no lock;
 * only shmdt, whose length is the table's, reads the records. */
#define _GNU_SOURCE
#include "api.h"
#include "apply.h"
#include "changes.h"
#include "events.h"
#include "format.h"
#include "mdtrace.h"
#include <errno.h>
#include <pthread.h>

#define HANDLERS 32
#define DEPTH_MAX 8  /* handlers whose calls cause events whose handlers ... */
#define POLICY_BIT (1u << 8) /* MDTRACE_POLICY_DMA in the event mask */

/* A slot is published by its mask (release) after its function and
 * argument; cleared by storing 0.  Readers load the mask first. */
struct handler {
	unsigned events;
	mdtrace_event_fn *cb;
	void *arg;
};

static struct handler handlers[HANDLERS];
static unsigned handlers_set; /* handlers with events, to skip the work without one */
static unsigned dma_wanted; /* handlers that asked for the dma policy's events */
static __thread int depth __attribute__((tls_model("initial-exec")));
static unsigned page_size = 4096; /* md_api_init sets it */

void md_events_page(unsigned pg)
{
	page_size = pg;
}

/* shmdt: the segment's extent, as the table had it before the record. */
struct shmdt_find {
	uint32_t tid;
	uint64_t addr, s, e;
	int found;
};

static void find_shmdt(const struct md_rec *r, const struct md_effect *eff, void *arg)
{
	struct shmdt_find *f = arg;
	if (r->type == MD_EV_SHMDT && r->tid == f->tid && r->args[0] == f->addr && eff->n) {
		f->s = eff->s[0];
		f->e = eff->e[0];
		f->found = 1;
	}
}

/* The table holds the segment only if a table exists (one does from the
 * first handler on) and nobody else has read this record yet: then the
 * length is lost and the event covers the one page named. */
static int shmdt_changes(const struct md_rec *r, struct md_change *c)
{
	struct shmdt_find f = {r->tid, r->args[0], 0, 0, 0};
	struct md_api_held held;
	if (md_api_lock(&held) == 0) {
		md_live_catch_up(find_shmdt, &f);
		md_api_unlock(&held);
	}
	if (!f.found) {
		f.s = r->args[0] & ~(uint64_t)(page_size - 1);
		f.e = f.s + page_size;
	}
	c[0] = (struct md_change){f.s, f.e, MD_CH_UNMAPPED, 0};
	return 1;
}

static unsigned event_type(unsigned kind)
{
	return kind == MD_CH_UNMAPPED ? MDTRACE_EVENT_UNMAPPED
	       : kind == MD_CH_IDENTITY ? MDTRACE_EVENT_IDENTITY : MDTRACE_EVENT_ACCESS;
}

static void deliver(const struct md_rec *r, const struct md_change *c, int n, int dma)
{
	for (int i = 0; i < n; i++) {
		struct mdtrace_event ev = {event_type(c[i].kind), c[i].s, c[i].e - c[i].s,
					   c[i].prot, md_ev_name(r->type), (int)r->tid};
		for (int k = 0; k < HANDLERS; k++) {
			unsigned m = __atomic_load_n(&handlers[k].events, __ATOMIC_ACQUIRE);
			if ((m & ev.type) && !!(m & POLICY_BIT) == dma)
				handlers[k].cb(&ev, handlers[k].arg);
		}
	}
}

/* A memory-only trace's records are given back once read: read them
 * when too many wait (live.c). */
static void keep_up(void)
{
	struct md_api_held held;
	if (md_cap->memory_only() && md_live_lagging() && md_api_lock(&held) == 0) {
		md_live_catch_up(NULL, NULL);
		md_api_unlock(&held);
	}
}

static void dispatch(const struct md_rec *r)
{
	struct md_change c[MD_CHANGES_MAX];
	int saved = errno, n;
	if (depth >= DEPTH_MAX)
		return;
	depth++;
	keep_up();
	if (!__atomic_load_n(&handlers_set, __ATOMIC_RELAXED)) {
		depth--;
		errno = saved;
		return;
	}
	n = md_rec_changes(r, MD_POLICY_CONTRACT, page_size, c);
	if (n < 0)
		n = shmdt_changes(r, c);
	deliver(r, c, n, 0);
	if (__atomic_load_n(&dma_wanted, __ATOMIC_RELAXED)) {
		n = md_rec_changes(r, MD_POLICY_DMA, page_size, c);
		if (n < 0)
			n = shmdt_changes(r, c);
		deliver(r, c, n, 1);
	}
	depth--;
	errno = saved;
}

static int find_slot(mdtrace_event_fn *cb, void *arg)
{
	int free_slot = -1;
	for (int k = 0; k < HANDLERS; k++) {
		if (handlers[k].events && handlers[k].cb == cb && handlers[k].arg == arg)
			return k;
		if (!handlers[k].events && free_slot < 0)
			free_slot = k;
	}
	return free_slot;
}

/* A memory-only trace needs the dispatch for keep_up() as soon as a
 * table reads it, handlers or not. */
void md_events_watch(void)
{
	if (md_cap->memory_only())
		md_cap->set_dispatch(dispatch);
}

/* How many handlers there are, and how many asked for the dma policy's
 * events; with the lock. */
static void count_handlers(void)
{
	unsigned n = 0, dma = 0;
	for (int k = 0; k < HANDLERS; k++) {
		n += handlers[k].events != 0;
		dma += (handlers[k].events & POLICY_BIT) != 0;
	}
	__atomic_store_n(&handlers_set, n, __ATOMIC_RELAXED);
	__atomic_store_n(&dma_wanted, dma, __ATOMIC_RELAXED);
}

MD_API_PUBLIC int mdtrace_set_event_handler(unsigned events, mdtrace_event_fn *cb, void *arg)
{
	struct md_api_held held;
	int k, saved = errno, err = 0;
	if (!cb || (events & ~(MDTRACE_EVENT_ALL | POLICY_BIT)) ||
	    (events && !(events & MDTRACE_EVENT_ALL))) {
		errno = EINVAL;
		return -1;
	}
	if (!md_api_capturing()) {
		errno = ENOSYS;
		return -1;
	}
	/* shmdt's extent comes from a table: have one from now on */
	if (events && md_live_ensure(MD_LIVE_CONTRACT) < 0)
		return -1;
	if (md_api_lock(&held) < 0)
		return -1;
	k = find_slot(cb, arg);
	if (k < 0 && events) {
		err = ENOMEM;
	} else if (k >= 0 && (events || handlers[k].events)) {
		if (!handlers[k].events) {
			handlers[k].cb = cb;
			handlers[k].arg = arg;
		}
		__atomic_store_n(&handlers[k].events, events, __ATOMIC_RELEASE);
	}
	count_handlers();
	md_cap->set_dispatch(dispatch);
	md_api_unlock(&held);
	errno = err ? err : saved;
	return err ? -1 : 0;
}
