/* desc_api.c - the descriptor functions of mdtrace.h.  The verdict is
 * md_with_persistent's (lib/core/verdict.c), against the live table of
 * the descriptor's identity policy. */
#define _GNU_SOURCE
#include "api.h"
#include "mem.h"
#include "verdict.h"
#include "mdtrace.h"
#include <errno.h>
#include <string.h>

struct mdtrace_desc {
	unsigned refs;           /* atomic */
	unsigned options;        /* MDTRACE_* as given */
	int table;               /* MD_LIVE_* */
	enum md_policy policy;   /* the verdict's */
	struct md_desc *d;       /* what the ranges were at capture */
	/* The last verdict.  fresh: the table position at which it was
	 * "reused" (epoch 0: none); while the table has read nothing since,
	 * the answer is the same without the lock. */
	struct md_live_pos fresh;
	int asked;
	struct md_verdict last;
};

#define KNOWN (MDTRACE_PERSISTENT | MDTRACE_DIR_IN | MDTRACE_DIR_OUT | \
	       MDTRACE_POLICY_DMA | MDTRACE_POLICY_XNU)

/* MDTRACE_DIR_IN: the device reads the memory (read access needed), the
 * seed's kIODirectionOut; MDTRACE_DIR_OUT: it writes it (read and write),
 * kIODirectionIn.  mdtrace(3), OPTIONS. */
static enum md_dir dir_of(unsigned o)
{
	unsigned d = o & (MDTRACE_DIR_IN | MDTRACE_DIR_OUT);
	return d == MDTRACE_DIR_IN ? MD_DIR_OUT : d == MDTRACE_DIR_OUT ? MD_DIR_IN : MD_DIR_INOUT;
}

static int ranges_ok(const struct mdtrace_range *r, unsigned n)
{
	if (!r || !n)
		return 0;
	for (unsigned i = 0; i < n; i++)
		if (!r[i].len || r[i].addr + r[i].len < r[i].addr ||
		    r[i].addr + r[i].len > UINT64_MAX - 65536)
			return 0;
	return 1;
}

int md_api_capturing(void)
{
	return md_cap && md_cap->header() != NULL;
}

/* The wrapper of a captured descriptor, or NULL; with the API lock. */
static struct mdtrace_desc *wrap(struct md_desc *d, unsigned options, int table,
				 enum md_policy policy)
{
	struct mdtrace_desc *w = d ? md_mem_alloc(sizeof *w) : NULL;
	if (!w) {
		md_desc_release(d);
		return NULL;
	}
	w->refs = 1;
	w->options = options;
	w->table = table;
	w->policy = policy;
	w->d = d;
	return w;
}

MD_API_PUBLIC mdtrace_desc *mdtrace_desc_with_address_ranges(const struct mdtrace_range *r,
							     unsigned n, unsigned options)
{
	struct md_api_held held;
	struct mdtrace_desc *w = NULL;
	int saved = errno, table = options & MDTRACE_POLICY_DMA ? MD_LIVE_DMA : MD_LIVE_CONTRACT;
	enum md_policy pol = options & MDTRACE_POLICY_DMA ? MD_POLICY_DMA
			     : options & MDTRACE_POLICY_XNU ? MD_POLICY_XNU : MD_POLICY_CONTRACT;
	if ((options & ~KNOWN) || (options & MDTRACE_POLICY_DMA && options & MDTRACE_POLICY_XNU) ||
	    !ranges_ok(r, n)) {
		errno = EINVAL;
		return NULL;
	}
	if (!md_api_capturing()) {
		errno = ENOSYS;
		return NULL;
	}
	if (md_live_ensure(table) < 0 || md_api_lock(&held) < 0)
		return NULL;
	struct md_table *t = md_live_table(table);
	if (t) {
		/* struct mdtrace_range and struct md_range are the same two words */
		struct md_desc *d = md_desc_capture(t, (const struct md_range *)r, n,
						    options & MDTRACE_PERSISTENT ? MD_OPT_PERSISTENT : 0,
						    dir_of(options), md_live_seq(table));
		w = wrap(d, options, table, pol);
	}
	md_api_unlock(&held);
	if (!w) {
		errno = ENOMEM;
		return NULL;
	}
	errno = saved;
	return w;
}

static int errno_of(enum md_reason r)
{
	switch (r) {
	case MD_R_UNMAPPED:
		return EFAULT;
	case MD_R_PROTECTION:
		return EACCES;
	case MD_R_NO_MEMORY:
		return ENOMEM;
	default:
		return EINVAL;
	}
}

/* The verdict, with the API lock: the table brought up to date first. */
static struct mdtrace_desc *judge(struct mdtrace_desc *o)
{
	struct md_table *t = md_live_table(o->table);
	struct md_verdict v;
	struct mdtrace_desc *out = NULL;
	__atomic_store_n(&o->fresh.epoch, 0, __ATOMIC_RELEASE);
	if (!t) { /* a fork child whose table could not be copied */
		errno = ENOMEM;
		return NULL;
	}
	md_with_persistent(t, o->d, o->policy, md_live_seq(o->table), &v);
	if (v.kind == MD_V_REUSED) {
		md_desc_release(v.desc); /* the wrapper holds the reference */
		__atomic_fetch_add(&o->refs, 1, __ATOMIC_RELAXED);
		out = o;
	} else if (v.kind == MD_V_REBUILT) {
		out = wrap(v.desc, o->options, o->table, o->policy);
		if (!out) {
			v.kind = MD_V_NULL;
			v.reason = MD_R_NO_MEMORY;
		}
	}
	v.desc = NULL;
	o->last = v;
	o->asked = 1;
	if (v.kind == MD_V_REUSED) {
		struct md_live_pos p = md_live_pos(o->table);
		o->fresh.off = p.off;
		__atomic_store_n(&o->fresh.epoch, p.epoch, __ATOMIC_RELEASE);
	}
	if (!out)
		errno = errno_of(v.reason);
	return out;
}

MD_API_PUBLIC mdtrace_desc *mdtrace_desc_with_persistent(mdtrace_desc *o)
{
	struct md_api_held held;
	struct md_live_pos now;
	struct mdtrace_desc *out;
	int saved = errno;
	if (!o) {
		errno = EINVAL;
		return NULL;
	}
	/* Nothing recorded since this descriptor was last found reused. */
	if (md_live_current(o->table, &now) &&
	    __atomic_load_n(&o->fresh.epoch, __ATOMIC_ACQUIRE) == now.epoch &&
	    o->fresh.off == now.off) {
		__atomic_fetch_add(&o->refs, 1, __ATOMIC_RELAXED);
		return o;
	}
	if (md_api_lock(&held) < 0)
		return NULL;
	out = judge(o);
	if (out)
		errno = saved;
	saved = errno;
	md_api_unlock(&held);
	errno = saved;
	return out;
}

MD_API_PUBLIC void mdtrace_desc_retain(mdtrace_desc *d)
{
	if (d)
		__atomic_fetch_add(&d->refs, 1, __ATOMIC_RELAXED);
}

MD_API_PUBLIC void mdtrace_desc_release(mdtrace_desc *d)
{
	struct md_api_held held;
	int saved = errno;
	if (!d || __atomic_sub_fetch(&d->refs, 1, __ATOMIC_ACQ_REL))
		return;
	/* the memory is the API's: freed under its lock (which a signal
	 * handler of a hook's own thread may not get: then it stays) */
	if (md_api_lock(&held) < 0) {
		errno = saved;
		return;
	}
	md_desc_release(d->d);
	md_mem_free(d);
	md_api_unlock(&held);
	errno = saved;
}

MD_API_PUBLIC unsigned mdtrace_desc_refcount(const mdtrace_desc *d)
{
	return d ? __atomic_load_n(&d->refs, __ATOMIC_RELAXED) : 0;
}

MD_API_PUBLIC unsigned mdtrace_desc_options(const mdtrace_desc *d)
{
	return d ? d->options : 0;
}

MD_API_PUBLIC unsigned mdtrace_desc_ranges(const mdtrace_desc *d, struct mdtrace_range *r,
					   unsigned max)
{
	if (!d)
		return 0;
	for (unsigned i = 0; i < max && i < d->d->nranges; i++)
		r[i] = (struct mdtrace_range){d->d->ranges[i].addr, d->d->ranges[i].len};
	return (unsigned)d->d->nranges;
}

MD_API_PUBLIC int mdtrace_desc_explain(const mdtrace_desc *o, char *buf, size_t len)
{
	struct md_api_held held;
	int n, saved = errno;
	if (!o || !o->asked) {
		errno = EINVAL;
		return -1;
	}
	if (md_api_lock(&held) < 0)
		return -1;
	n = md_verdict_explain(&o->last, buf, len);
	md_api_unlock(&held);
	errno = saved;
	return n;
}

MD_API_PUBLIC int mdtrace_desc_last_verdict(const mdtrace_desc *o)
{
	if (!o || !o->asked) {
		errno = EINVAL;
		return -1;
	}
	return o->last.kind == MD_V_REUSED ? MDTRACE_REUSED
	       : o->last.kind == MD_V_REBUILT ? MDTRACE_REBUILT : MDTRACE_NULL;
}
