/* live.c - the live tables (api.h): each is seeded from /proc/self/maps
 * when first asked for and from then on reads the capture's records, in
 * the order the kernel made the changes (the capture's order), applying
 * each with the same code that replays a trace (lib/trace/apply.c). */
#define _GNU_SOURCE
#include "api.h"
#include "apply.h"
#include "format.h"
#include "mem.h"
#include <errno.h>
#include <sched.h>
#include <string.h>

struct live {
	struct md_table *t;
	uint64_t off;  /* body offset of the next record to read (atomic) */
	uint64_t seq;  /* event number of the last record read */
};

static struct live tables[MD_LIVE_TABLES];
static uint64_t epoch = 1;  /* the trace the offsets are of: new in a fork child */
static char *buf;           /* one record, copied out of the capture */
static size_t buf_cap;

static const enum md_policy policy_of[MD_LIVE_TABLES] = {
	[MD_LIVE_CONTRACT] = MD_POLICY_CONTRACT, [MD_LIVE_DMA] = MD_POLICY_DMA,
};

static uint64_t trace_end(void)
{
	const struct md_trace_header *h = md_cap->header();
	return h ? __atomic_load_n(&h->reserved, __ATOMIC_ACQUIRE) : 0;
}

static int grow_buf(size_t n)
{
	char *b = md_mem_realloc(buf, n);
	if (!b)
		return -1;
	buf = b;
	buf_cap = n;
	return 0;
}

/* The record at off, or NULL when none is complete there.  Another
 * thread's record being written is waited for a little (its thread is
 * between its call and its return); this thread's own never completes
 * before we return: a signal handler that interrupted its own hook (the
 * order lock is this thread's) waits for nothing. */
static const struct md_rec *record_at(uint64_t off, uint64_t *size)
{
	unsigned limit = md_cap->lock_mine() ? 1 : 20000;
	for (unsigned spins = 0; spins < limit; spins++) {
		int tid;
		size_t need, n = md_cap->copy(off, buf, buf_cap, &tid, &need);
		if (need) {
			if (grow_buf(need) < 0)
				return NULL;
			spins--;
			continue;
		}
		if (n) {
			*size = n;
			return (const struct md_rec *)buf;
		}
		if (tid == md_cap->tid())
			return NULL;
		if (spins > 100)
			sched_yield();
	}
	return NULL;
}

static void apply(struct live *l, const struct md_rec *r, struct md_effect *eff)
{
	if (r->type == MD_EV_SEED)
		md_apply_seed(l->t, r, 0);
	else
		md_apply(l->t, r, eff);
	l->seq = r->seq;
}

void md_live_catch_up(void (*fn)(const struct md_rec *, const struct md_effect *, void *),
		      void *arg)
{
	for (;;) {
		uint64_t off = UINT64_MAX, end = trace_end();
		const struct md_rec *r;
		uint64_t size;
		struct md_effect first = {0};
		int applied = 0;
		for (int i = 0; i < MD_LIVE_TABLES; i++)
			if (tables[i].t && tables[i].off < off)
				off = tables[i].off;
		if (off >= end || !(r = record_at(off, &size)))
			break;
		for (int i = 0; i < MD_LIVE_TABLES; i++) {
			struct md_effect eff;
			if (!tables[i].t || tables[i].off != off)
				continue;
			apply(&tables[i], r, applied++ ? &eff : &first);
			__atomic_store_n(&tables[i].off, off + size, __ATOMIC_RELEASE);
		}
		if (fn)
			fn(r, &first, arg);
	}
	if (md_cap->memory_only()) {
		uint64_t low = UINT64_MAX;
		for (int i = 0; i < MD_LIVE_TABLES; i++)
			if (tables[i].t && tables[i].off < low)
				low = tables[i].off;
		if (low != UINT64_MAX)
			md_cap->release(low);
	}
}

/* /proc/self/maps and the record offset it stands at, taken under the
 * order lock (no recorded call is between its change and its record), and
 * copied out so that the table is built without it.  The copy's own
 * mapping is recorded after that offset, so the table learns of it. */
struct seed {
	char *text;
	uint32_t len;
	size_t size;
	uint64_t off, seq;
};

static int seed_take(struct seed *s)
{
	const char *text;
	const struct md_trace_header *h;
	md_cap->lock();
	text = md_cap->maps(&s->len);
	s->off = trace_end();
	h = md_cap->header();
	s->seq = h ? __atomic_load_n(&h->next_seq, __ATOMIC_ACQUIRE) - 1 : 0;
	s->size = ((size_t)s->len + 4096) & ~(size_t)4095;
	s->text = text ? md_cap->map(s->size) : NULL;
	if (s->text)
		memcpy(s->text, text, s->len);
	md_cap->unlock();
	return s->text ? 0 : -1;
}

static struct md_table *seed_table(const struct seed *s, enum md_policy pol)
{
	const struct md_trace_header *h = md_cap->header();
	uint64_t dev, ino;
	struct md_table *t = h ? md_table_new(h->page_size, pol) : NULL;
	if (!t)
		return NULL;
	if (h->stack_limit)
		md_table_set_stack_limit(t, h->stack_limit);
	if (h->brk_start)
		md_table_set_heap_start(t, h->brk_start);
	if (md_table_seed(t, s->text, s->len, s->seq) < 0 ||
	    (md_cap->trace_ident(&dev, &ino) == 0 &&
	     md_table_flag_file(t, dev, ino, MD_PF_TOOL) < 0)) {
		md_table_free(t);
		return NULL;
	}
	return t;
}

int md_live_ensure(int which)
{
	struct md_api_held held;
	struct seed s;
	struct md_table *t;
	int have;
	if (md_api_lock(&held) < 0)
		return -1;
	have = tables[which].t != NULL;
	md_api_unlock(&held);
	if (have)
		return 0;
	if (seed_take(&s) < 0) {
		errno = ENOMEM;
		return -1;
	}
	if (md_api_lock(&held) < 0) {
		md_cap->unmap(s.text, s.size);
		return -1;
	}
	if (!tables[which].t) {
		t = seed_table(&s, policy_of[which]);
		if (t) {
			md_events_watch();
			tables[which].t = t;
			tables[which].seq = s.seq;
			__atomic_store_n(&tables[which].off, s.off, __ATOMIC_RELEASE);
		}
	}
	have = tables[which].t != NULL;
	md_api_unlock(&held);
	md_cap->unmap(s.text, s.size);
	if (!have)
		errno = ENOMEM;
	return have ? 0 : -1;
}

struct md_table *md_live_table(int which)
{
	md_live_catch_up(NULL, NULL);
	return tables[which].t;
}

uint64_t md_live_seq(int which)
{
	return tables[which].seq;
}

struct md_live_pos md_live_pos(int which)
{
	return (struct md_live_pos){epoch, tables[which].off};
}

/* Memory only: the records no table has read yet stay in memory, so a
 * program that asks nothing for a long while would pile them up; the
 * dispatch (events.c) reads them once they pass LAG_MAX. */
#define LAG_MAX (2u << 20)

int md_live_lagging(void)
{
	uint64_t low = UINT64_MAX;
	for (int i = 0; i < MD_LIVE_TABLES; i++) {
		uint64_t off = __atomic_load_n(&tables[i].off, __ATOMIC_ACQUIRE);
		if (tables[i].t && off < low)
			low = off;
	}
	return low != UINT64_MAX && trace_end() - low > LAG_MAX;
}

int md_live_current(int which, struct md_live_pos *pos)
{
	uint64_t off = __atomic_load_n(&tables[which].off, __ATOMIC_ACQUIRE);
	pos->epoch = __atomic_load_n(&epoch, __ATOMIC_ACQUIRE);
	pos->off = off;
	return tables[which].t && off == trace_end();
}

/* In a fork child, after the capture has switched to the child's trace:
 * the tables become the child's (private memory is new, shared is kept:
 * md_table_fork) and read the new trace from its start, whose seed
 * corrects them for whatever changed between the parent's last record
 * read and the fork. */
void md_live_fork_child(void)
{
	const struct md_trace_header *h = md_cap->header();
	__atomic_store_n(&epoch, epoch + 1, __ATOMIC_RELEASE);
	for (int i = 0; i < MD_LIVE_TABLES; i++) {
		struct md_table *child;
		if (!tables[i].t)
			continue;
		child = h ? md_table_fork(tables[i].t, tables[i].seq) : NULL;
		md_table_free(tables[i].t);
		tables[i].t = child;
		tables[i].seq = 0;
		__atomic_store_n(&tables[i].off, h ? h->header_size : 0, __ATOMIC_RELEASE);
	}
}
