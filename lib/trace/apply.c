/* apply.c - trace records to table updates (see apply.h). */
#define _GNU_SOURCE
#include "apply.h"
#include "reader.h"
#include "xlat.h"
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void add(struct md_effect *eff, uint64_t s, uint64_t len)
{
	if (!len)
		return;
	if (eff->n == 2) {
		eff->overflow = 1;
		return;
	}
	eff->s[eff->n] = s;
	eff->e[eff->n] = s + len < s ? UINT64_MAX : s + len;
	eff->n++;
}

int md_effect_hits(const struct md_effect *eff, uint64_t s, uint64_t e)
{
	if (eff->overflow)
		return 1;
	for (int i = 0; i < eff->n; i++)
		if (eff->s[i] < e && s < eff->e[i])
			return 1;
	return 0;
}

static int apply_mmap(struct md_table *t, const struct md_rec *r, struct md_effect *eff)
{
	uint64_t flags = r->args[3];
	unsigned type = flags & MAP_TYPE;
	int shared = type == MAP_SHARED || type == MAP_SHARED_VALIDATE;
	int anon = (flags & MAP_ANONYMOUS) != 0;
	char path[4096]; /* not "": clearing 4 KiB per mmap was a tenth of a replay */
	path[0] = 0;
	struct md_map_req q = {.start = r->ret, .len = r->args[1], .prot = r->args[2] & 7,
			       .flags = r->flags & MD_RF_TOOL ? MD_PF_TOOL : 0};
	if (!anon && r->extra_len >= sizeof(struct md_file_id)) {
		struct md_file_id id;
		memcpy(&id, md_rec_extra(r), sizeof id);
		size_t n = id.path_len;
		if (n > r->extra_len - sizeof id)
			return -1;
		if (n > sizeof path - 1)
			n = sizeof path - 1;
		memcpy(path, md_rec_extra(r) + sizeof id, n);
		path[n] = 0;
		/* /dev/zero maps as anonymous memory, private or shared */
		anon = S_ISCHR(id.mode) && !strcmp(path, "/dev/zero");
		q.dev = id.dev;
		q.ino = id.ino;
		q.off = r->args[5];
		q.path = anon ? NULL : path;
	} else if (!anon) {
		/* no identity recorded: a new object, so it never looks reused */
		shared = 0;
		anon = 1;
	}
	q.kind = shared ? (anon ? MD_ANON_SHARED : MD_FILE_SHARED)
			: (anon ? MD_ANON_PRIVATE : MD_FILE_PRIVATE);
	if (anon)
		q.dev = q.ino = q.off = 0;
	add(eff, q.start, q.len);
	eff->remapped = 1;
	return md_table_map(t, &q, r->seq);
}

static int apply_shmat(struct md_table *t, const struct md_rec *r, struct md_effect *eff)
{
	unsigned prot = r->args[2] & SHM_RDONLY ? MD_PROT_R : MD_PROT_R | MD_PROT_W;
	if (r->args[2] & SHM_EXEC)
		prot |= MD_PROT_X;
	add(eff, r->ret, r->args[3]);
	eff->remapped = 1;
	if (md_table_shmat(t, r->ret, r->args[3], r->args[0], prot, r->seq) < 0)
		return -1;
	if (r->args[4] & MD_SHM_DEV_KNOWN) { /* as /proc/PID/maps names it */
		char name[40];
		snprintf(name, sizeof name, "/SYSV%08llx (deleted)", (unsigned long long)(uint32_t)r->args[5]);
		md_table_shm_ident(t, r->ret, r->args[4] & ~MD_SHM_DEV_KNOWN, name);
	}
	return 0;
}

static int apply_shmdt(struct md_table *t, const struct md_rec *r, struct md_effect *eff)
{
	const struct md_piece *p = md_table_find(t, r->args[0]);
	const struct md_file *f = p ? md_table_file(t, p->file) : NULL;
	add(eff, r->args[0], f && f->size ? f->size : p ? p->end - p->start : 0);
	return p ? md_table_shmdt(t, r->args[0], r->seq) : 0;
}

static void reconciled(void *arg, uint64_t s, uint64_t e, const struct md_maps_line *l)
{
	(void)l;
	struct md_effect *eff = arg;
	add(eff, s, e - s);
	eff->remapped = 1;
}

static int apply_fork(struct md_table *t, const struct md_rec *r)
{
	if (md_table_policy(t) != MD_POLICY_DMA || (int64_t)r->ret <= 0)
		return 0;
	/* dma: copy-on-write after fork may move the parent's writable
	 * private pages; md_table_fork renumbers them in the parent. */
	struct md_table *child = md_table_fork(t, r->seq);
	md_table_free(child);
	return child ? 0 : -1;
}

/* ---- evidence of unseen changes ---- */

static void contradicts(struct md_effect *eff, int kind, uint64_t s, uint64_t e)
{
	if (eff->unseen)
		return;
	eff->unseen = kind;
	eff->us = s;
	eff->ue = e;
}

/* [s, s+len) must be free in t: the kernel placed a mapping there by
 * itself (no MAP_FIXED), and it never places one over live pages. */
static void must_be_free(const struct md_table *t, uint64_t s, uint64_t len,
			 struct md_effect *eff)
{
	const struct md_piece *p = md_table_next(t, s);
	if (p && p->start < s + len)
		contradicts(eff, MD_UNSEEN_UNMAPPED, p->start > s ? p->start : s,
			    p->end < s + len ? p->end : s + len);
}

/* [s, s+len) must be mapped in t (the call fails with ENOMEM or EFAULT on
 * a hole); pages the [stack] grows into on demand count as mapped. */
static void must_be_mapped(const struct md_table *t, uint64_t s, uint64_t len,
			   struct md_effect *eff)
{
	uint64_t pg = md_table_page_size(t), e = (s + len + pg - 1) & ~(pg - 1);
	struct md_piece x;
	for (uint64_t a = s & ~(pg - 1); a < e; a = x.end) {
		md_table_span(t, a, e, &x);
		if (!x.obj && !(x.flags & MD_PF_STACKGROW)) {
			contradicts(eff, MD_UNSEEN_MAPPED, x.start, x.end);
			return;
		}
	}
}

/* Before r changes t: what the kernel's answer says of the table (mmap
 * and mprotect, the common calls, are checked after, by what the table's
 * update found: checked). */
static void check(const struct md_table *t, const struct md_rec *r, struct md_effect *eff)
{
	const uint64_t *a = r->args;
	switch (r->type) {
	case MD_EV_SHMAT:
		if (!(a[2] & SHM_REMAP) && a[3])
			must_be_free(t, r->ret, a[3], eff);
		break;
	case MD_EV_MREMAP:
		must_be_mapped(t, a[0], a[1] ? a[1] : 1, eff);
		break;
	case MD_EV_MADVISE:
		if (a[1])
			must_be_mapped(t, a[0], a[1], eff);
		break;
	}
}

/* After an mmap or mprotect updated t (returning rc): what its update
 * found in the range. */
static int checked(const struct md_table *t, const struct md_rec *r, struct md_effect *eff, int rc)
{
	const uint64_t *a = r->args;
	uint64_t pg = md_table_page_size(t), len = (a[1] + pg - 1) & ~(pg - 1);
	if (rc < 0 || (r->flags & MD_RF_TOOL))
		return rc;
	if (r->type == MD_EV_MMAP && !(a[3] & (MAP_FIXED | MAP_FIXED_NOREPLACE)) &&
	    md_table_last_covered(t))
		contradicts(eff, MD_UNSEEN_UNMAPPED, r->ret, r->ret + len);
	else if (r->type != MD_EV_MMAP && md_table_last_covered(t) < len)
		must_be_mapped(t, a[0], a[1], eff); /* holes, or the [stack] growing */
	return rc;
}

int md_apply_seed(struct md_table *t, const struct md_rec *r, int fresh)
{
	const char *text = (const char *)md_rec_extra(r);
	if (fresh)
		return md_table_seed(t, text, r->extra_len, r->seq) < 0 ? -1 : 0;
	return md_table_reconcile(t, text, r->extra_len, r->seq, NULL, NULL) < 0 ? -1 : 0;
}

int md_apply(struct md_table *t, const struct md_rec *r, struct md_effect *eff)
{
	memset(eff, 0, sizeof *eff);
	const uint64_t *a = r->args;
	if (md_rec_failed(r))
		return 0;
	if (!(r->flags & MD_RF_TOOL))
		check(t, r, eff);
	switch (r->type) {
	case MD_EV_MMAP:
		return checked(t, r, eff, apply_mmap(t, r, eff));
	case MD_EV_MUNMAP:
		add(eff, a[0], a[1]);
		return md_table_unmap(t, a[0], a[1], r->seq);
	case MD_EV_MREMAP:
		add(eff, a[0], a[1]);
		add(eff, r->ret, a[2]);
		eff->remapped = 1;
		return md_table_remap(t, a[0], a[1], r->ret, a[2], (int)a[3], r->seq);
	case MD_EV_MPROTECT:
	case MD_EV_PKEY_MPROTECT:
		add(eff, a[0], a[1]);
		return checked(t, r, eff, md_table_protect(t, a[0], a[1], a[2] & 7, r->seq));
	case MD_EV_MADVISE:
		add(eff, a[0], a[1]);
		return md_table_advise(t, a[0], a[1], (int)a[2], r->seq);
	case MD_EV_POSIX_MADVISE:
		/* glibc turns POSIX_MADV_DONTNEED into nothing at all */
		if (a[2] == POSIX_MADV_DONTNEED)
			return 0;
		add(eff, a[0], a[1]);
		return md_table_advise(t, a[0], a[1], (int)a[2], r->seq);
	case MD_EV_BRK: {
		uint64_t lo = a[1] < r->ret ? a[1] : r->ret, hi = a[1] ^ r->ret ^ lo;
		add(eff, lo, hi - lo);
		eff->remapped = r->ret > a[1];
		return a[1] ? md_table_brk(t, a[1], r->ret, r->seq) : 0;
	}
	case MD_EV_SHMAT:
		return apply_shmat(t, r, eff);
	case MD_EV_SHMDT:
		return apply_shmdt(t, r, eff);
	case MD_EV_RECONCILE: {
		uint64_t skip = a[1] < r->extra_len ? a[1] : r->extra_len;
		const char *text = (const char *)md_rec_extra(r) + skip;
		return md_table_reconcile(t, text, r->extra_len - skip, r->seq, reconciled, eff) < 0 ? -1 : 0;
	}
	case MD_EV_FORK:
		return apply_fork(t, r);
	default:
		return 0;
	}
}
