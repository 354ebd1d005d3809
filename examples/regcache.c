/* regcache.c - a registration cache as RDMA and MPI stacks keep one, three
 * ways, on the ABA case: a buffer is registered, unmapped, and mapped again
 * at the same address before it is looked up.
 *
 *   naive    keyed on the address alone: hands back the old registration,
 *            made for memory that is gone (stale);
 *   checked  keeps a persistent descriptor with each entry and asks
 *            mdtrace_desc_with_persistent at each lookup: reused -> keep,
 *            rebuilt -> register again (the entry takes the new descriptor),
 *            NULL -> drop the entry;
 *   evented  drops its entries when their pages are unmapped
 *            (mdtrace_set_event_handler, MDTRACE_EVENT_UNMAPPED), as UCX's
 *            cache does with UCM's events.
 *
 * Runs linked with libmdtrace, plainly or under `mdtrace run`.  Exits 1 when
 * an mdtrace cache gets it wrong (the checked one misses the ABA, or the
 * evented one keeps an unmapped entry), 2 when the setup fails. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <mdtrace.h>

#define MAX_ENTRIES 8

enum kind { NAIVE, CHECKED, EVENTED };

struct entry {
	uint64_t addr, len;
	unsigned key;       /* the registration, as a memory key names it */
	mdtrace_desc *desc; /* NULL in the naive cache */
	int gone;           /* evented: unmapped, freed at the next sweep */
};

struct cache {
	const char *name;
	enum kind kind;
	struct entry e[MAX_ENTRIES];
	unsigned n, keys;
	int last; /* checked: the verdict of the last lookup, or -1 for a miss */
};

/* What the evented cache's handler dropped, printed by main afterwards. */
static struct {
	uint64_t addr, len;
	unsigned key;
} notes[MAX_ENTRIES];
static unsigned nnotes;

static void drop(struct cache *c, unsigned i)
{
	mdtrace_desc_release(c->e[i].desc);
	c->e[i] = c->e[--c->n];
}

/* Entries the event handler marked are freed here, outside the handler: it
 * runs inside whatever call unmapped the pages (free() holding malloc's
 * lock, say), so it only marks them. */
static void sweep(struct cache *c)
{
	for (unsigned i = 0; i < c->n;)
		if (c->e[i].gone)
			drop(c, i);
		else
			i++;
}

static void on_event(const struct mdtrace_event *ev, void *arg)
{
	struct cache *c = arg;
	if (ev->type != MDTRACE_EVENT_UNMAPPED)
		return;
	for (unsigned i = 0; i < c->n; i++) {
		struct entry *e = &c->e[i];
		if (e->gone || e->addr >= ev->addr + ev->len || ev->addr >= e->addr + e->len)
			continue;
		e->gone = 1;
		if (nnotes < MAX_ENTRIES) {
			notes[nnotes].addr = ev->addr;
			notes[nnotes].len = ev->len;
			notes[nnotes++].key = e->key;
		}
	}
}

static void print_notes(struct cache *c)
{
	for (unsigned i = 0; i < nnotes; i++)
		printf("%s: unmapped 0x%llx+%llu: entry with key %u dropped\n", c->name,
		       (unsigned long long)notes[i].addr, (unsigned long long)notes[i].len,
		       notes[i].key);
	nnotes = 0;
}

static struct entry *reg(struct cache *c, void *p, size_t len)
{
	sweep(c);
	if (c->n == MAX_ENTRIES)
		return NULL;
	struct entry *e = &c->e[c->n];
	*e = (struct entry){.addr = (uintptr_t)p, .len = len, .key = ++c->keys};
	if (c->kind != NAIVE) {
		struct mdtrace_range r = {e->addr, len};
		e->desc = mdtrace_desc_with_address_ranges(&r, 1, MDTRACE_PERSISTENT);
		if (!e->desc) {
			fprintf(stderr, "regcache: mdtrace_desc_with_address_ranges: %s\n",
				strerror(errno));
			return NULL;
		}
	}
	c->n++;
	printf("%s: register %p+%zu: key %u\n", c->name, p, len, e->key);
	return e;
}

/* The checked cache's reuse check of entry i, found for p+len. */
static struct entry *check(struct cache *c, unsigned i, void *p, size_t len)
{
	struct entry *e = &c->e[i];
	mdtrace_desc *d = mdtrace_desc_with_persistent(e->desc);
	int err = errno;
	char why[512];
	if (mdtrace_desc_explain(e->desc, why, sizeof why) < 0)
		snprintf(why, sizeof why, "no reason: %s", strerror(errno));
	c->last = mdtrace_desc_last_verdict(e->desc);
	if (d == e->desc) {
		mdtrace_desc_release(d); /* the reference withPersistent added */
		printf("%s: lookup %p+%zu: reused, key %u [%s]\n", c->name, p, len, e->key, why);
		return e;
	}
	if (d) {
		mdtrace_desc_release(e->desc);
		e->desc = d;
		e->key = ++c->keys;
		printf("%s: lookup %p+%zu: rebuilt, registered again: key %u [%s]\n", c->name, p,
		       len, e->key, why);
		return e;
	}
	printf("%s: lookup %p+%zu: null (%s), entry with key %u dropped [%s]\n", c->name, p, len,
	       strerror(err), e->key, why);
	drop(c, i);
	return NULL;
}

static struct entry *lookup(struct cache *c, void *p, size_t len)
{
	uint64_t a = (uintptr_t)p;
	sweep(c);
	c->last = -1;
	for (unsigned i = 0; i < c->n; i++) {
		struct entry *e = &c->e[i];
		if (c->kind == NAIVE ? e->addr != a : a < e->addr || a + len > e->addr + e->len)
			continue;
		if (c->kind == CHECKED)
			return check(c, i, p, len);
		printf("%s: lookup %p+%zu: hit, key %u\n", c->name, p, len, e->key);
		return e;
	}
	printf("%s: lookup %p+%zu: miss\n", c->name, p, len);
	return NULL;
}

static int setup_failed(const char *what)
{
	fprintf(stderr, "regcache: %s: %s\n", what, strerror(errno));
	return 2;
}

int main(void)
{
	static struct cache naive = {.name = "naive", .kind = NAIVE},
			    checked = {.name = "checked", .kind = CHECKED},
			    evented = {.name = "evented", .kind = EVENTED};
	setvbuf(stdout, NULL, _IOLBF, 0);
	size_t len = 16 * (size_t)sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return setup_failed("mmap");
	memset(p, 1, len);
	if (mdtrace_set_event_handler(MDTRACE_EVENT_UNMAPPED, on_event, &evented) != 0)
		return setup_failed("mdtrace_set_event_handler");
	printf("regcache: mapped %p+%zu\n", (void *)p, len);
	if (!reg(&naive, p, len) || !reg(&checked, p, len) || !reg(&evented, p, len))
		return 2;

	/* Nothing changed: every cache hits, the checked one with "reused". */
	lookup(&naive, p, len);
	lookup(&checked, p, len);
	lookup(&evented, p, len);
	int unchanged = checked.last;

	/* The ABA: the same address, other memory.  MAP_FIXED_NOREPLACE takes
	 * the address only while it is still free. */
	munmap(p, len);
	printf("regcache: unmapped %p+%zu\n", (void *)p, len);
	int dropped = evented.e[0].gone;
	print_notes(&evented);
	char *q = mmap(p, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		       -1, 0);
	if (q != p) {
		errno = q == MAP_FAILED ? errno : EEXIST;
		return setup_failed("mapping the address again");
	}
	memset(q, 2, len);
	printf("regcache: mapped %p+%zu again (same address, new memory)\n", (void *)q, len);
	if (lookup(&naive, q, len))
		printf("naive: stale: key %u was registered for the memory unmapped above\n",
		       naive.e[0].key);
	lookup(&checked, q, len);
	int aba = checked.last;
	int evented_miss = !lookup(&evented, q, len);
	if (evented_miss && !reg(&evented, q, len))
		return 2;

	/* Gone for good: the checked cache drops its entry on "null". */
	munmap(q, len);
	printf("regcache: unmapped %p+%zu\n", (void *)q, len);
	print_notes(&evented);
	lookup(&checked, q, len);
	int null = checked.last;

	int ok = 1;
	if (unchanged != MDTRACE_REUSED)
		ok = 0, printf("regcache: FAIL: the unchanged buffer was not reused\n");
	if (aba != MDTRACE_REBUILT)
		ok = 0, printf("regcache: FAIL: the checked cache missed the ABA\n");
	if (!dropped || !evented_miss)
		ok = 0, printf("regcache: FAIL: the evented cache kept an unmapped entry\n");
	if (null != MDTRACE_NULL)
		ok = 0, printf("regcache: FAIL: the unmapped buffer was not null\n");
	if (ok)
		printf("regcache: the naive cache returned a stale registration; the mdtrace caches "
		       "caught the ABA (checked: rebuilt, evented: dropped on unmap)\n");
	return ok ? 0 : 1;
}
