/* changes.c - a record's changes without the table (changes.h). */
#define _GNU_SOURCE
#include "changes.h"
#include "events.h"
#include "xlat.h"

struct out {
	struct md_change *c;
	int n;
	uint64_t mask;
};

/* [s, s + len) rounded the way the kernel rounds a length. */
static void put(struct out *o, uint64_t s, uint64_t len, unsigned kind, unsigned prot)
{
	uint64_t e = (s + len + o->mask) & ~o->mask;
	s &= ~o->mask;
	if (!len || e <= s || o->n == MD_CHANGES_MAX)
		return;
	o->c[o->n++] = (struct md_change){s, e, kind, prot};
}

/* mremap(old, oldlen, newlen, flags) that returned to: in place the tail
 * grows or goes; moved, the old pages go (or, with MREMAP_DONTUNMAP, stay
 * mapped but empty: new memory) and the new ones are the old memory at a
 * new address.  oldlen 0 duplicates a shared mapping at to. */
static void remap(struct out *o, const uint64_t *a, uint64_t to)
{
	uint64_t old = a[0], ol = (a[1] + o->mask) & ~o->mask, nl = (a[2] + o->mask) & ~o->mask;
	if (to == old && ol) {
		if (nl < ol)
			put(o, old + nl, ol - nl, MD_CH_UNMAPPED, 0);
		else
			put(o, old + ol, nl - ol, MD_CH_IDENTITY, 0);
		return;
	}
	if (ol)
		put(o, old, ol, a[3] & MREMAP_DONTUNMAP ? MD_CH_IDENTITY : MD_CH_UNMAPPED, 0);
	put(o, to, nl, MD_CH_IDENTITY, 0);
}

/* brk moved from a[1] to ret: pages above the old break appear, or the
 * pages above the new one go. */
static void heap(struct out *o, uint64_t from, uint64_t to)
{
	uint64_t f = (from + o->mask) & ~o->mask, t = (to + o->mask) & ~o->mask;
	if (t > f)
		put(o, f, t - f, MD_CH_IDENTITY, 0);
	else if (t < f)
		put(o, t, f - t, MD_CH_UNMAPPED, 0);
}

int md_rec_changes(const struct md_rec *r, enum md_policy pol, unsigned page,
		   struct md_change c[MD_CHANGES_MAX])
{
	struct out o = {c, 0, (uint64_t)page - 1};
	const uint64_t *a = r->args;
	if (md_rec_failed(r))
		return 0;
	switch (r->type) {
	case MD_EV_MMAP:
		put(&o, r->ret, a[1], MD_CH_IDENTITY, 0);
		break;
	case MD_EV_MUNMAP:
		put(&o, a[0], a[1], MD_CH_UNMAPPED, 0);
		break;
	case MD_EV_MREMAP:
		remap(&o, a, r->ret);
		break;
	case MD_EV_MPROTECT:
	case MD_EV_PKEY_MPROTECT:
		put(&o, a[0], a[1], MD_CH_ACCESS, (unsigned)a[2] & 7);
		break;
	case MD_EV_MADVISE:
	case MD_EV_POSIX_MADVISE:
		/* glibc turns POSIX_MADV_DONTNEED into nothing at all */
		if (!(r->type == MD_EV_POSIX_MADVISE && a[2] == POSIX_MADV_DONTNEED) &&
		    md_advice_discards((int)a[2], pol))
			put(&o, a[0], a[1], MD_CH_IDENTITY, 0);
		break;
	case MD_EV_BRK:
		if (!a[1])
			return -1;
		heap(&o, a[1], r->ret);
		break;
	case MD_EV_SHMAT:
		put(&o, r->ret, a[3], MD_CH_IDENTITY, 0);
		break;
	case MD_EV_SHMDT:
		return -1;
	}
	return o.n;
}
