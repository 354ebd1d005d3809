/* checkpoint.c - the trace index (see checkpoint.h). */
#define _GNU_SOURCE
#include "checkpoint.h"
#include "openreg.h"
#include "replay_internal.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EVERY 65536           /* records between checkpoints, at least */
#define PIECES_FACTOR 4       /* and at least 4 records per piece saved */
#define FILES_FACTOR 16       /* and 16 per file (a file entry is larger) */
#define TAIL 65536            /* trace bytes hashed at its end */
#define MAX_INDEX (1ull << 36)

uint64_t md_index_hash(const void *p, size_t n, uint64_t h)
{
	const uint8_t *s = p;
	for (; n >= 8; n -= 8, s += 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	for (; n; n--)
		h = (h ^ *s++) * 0x100000001b3ull;
	return h;
}

/* What ties an index to its trace: size, header, last bytes. */
static void identity(const struct md_trace *tr, uint64_t id[3])
{
	size_t head = tr->size < MD_TRACE_HEADER ? tr->size : MD_TRACE_HEADER;
	size_t tail = tr->size < TAIL ? tr->size : TAIL;
	id[0] = tr->size;
	id[1] = md_index_hash(tr->base, head, 1);
	id[2] = md_index_hash(tr->base + tr->size - tail, tail, 2);
}

int md_index_path(const char *trace, char *buf, size_t n)
{
	const char *slash = strrchr(trace, '/');
	int dir = slash ? (int)(slash - trace + 1) : 0;
	int len = snprintf(buf, n, "%.*s.%s.idx", dir, trace, trace + dir);
	return len < 0 || (size_t)len >= n ? -1 : 0;
}

/* ---------- building ---------- */

struct buf {
	uint8_t *p;
	size_t n, cap;
};

static int put(struct buf *b, const void *p, size_t n)
{
	if (b->cap - b->n < n) {
		size_t c = b->cap ? b->cap : 4096;
		while (c - b->n < n)
			c *= 2;
		uint8_t *q = realloc(b->p, c);
		if (!q)
			return -1;
		b->p = q;
		b->cap = c;
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
	return 0;
}

struct md_index_build {
	struct buf ck, mods, blob;
	uint64_t since, every;
	uint64_t rs[MD_INDEX_RANGES], re[MD_INDEX_RANGES];
	uint32_t nr, flags, nmods;
	uint64_t fixed;       /* records between checkpoints asked for (tests), or 0 */
	int failed;
};

static struct md_ckpt *last_ck(struct md_index_build *b)
{
	return (struct md_ckpt *)(b->ck.p + b->ck.n) - 1;
}

static int save_piece(const struct md_piece *p, void *arg)
{
	return put(arg, p, sizeof *p);
}

static int save_table(struct md_index_build *b, const struct md_table *t, struct md_ckpt *c)
{
	static const uint8_t zero[8];
	c->table_off = b->blob.n;
	const struct md_file *f;
	for (uint32_t i = 1; (f = md_table_file(t, i)); i++) {
		const char *path = md_table_string(t, f->path);
		struct md_ckpt_file cf = {.dev = f->dev, .ino = f->ino, .obj = f->obj,
					  .size = f->size, .path_len = strlen(path), .key = f->key};
		if (put(&b->blob, &cf, sizeof cf) < 0 || put(&b->blob, path, cf.path_len) < 0 ||
		    put(&b->blob, zero, -cf.path_len & 7) < 0)
			return -1;
		c->nfiles++;
	}
	size_t before = b->blob.n;
	if (md_table_walk(t, 0, UINT64_MAX, save_piece, &b->blob))
		return -1;
	c->npieces = (b->blob.n - before) / sizeof(struct md_piece);
	return 0;
}

/* Close the open interval: its touched ranges go with the checkpoint
 * that starts it. */
static int close_interval(struct md_index_build *b)
{
	struct md_ckpt *c = last_ck(b);
	c->ranges_off = b->blob.n;
	c->nranges = b->nr;
	c->flags = b->flags;
	for (uint32_t i = 0; i < b->nr; i++) {
		uint64_t r[2] = {b->rs[i], b->re[i]};
		if (put(&b->blob, r, sizeof r) < 0)
			return -1;
	}
	b->nr = b->flags = 0;
	b->since = 0;
	return 0;
}

static int checkpoint(struct md_index_build *b, const struct md_replay *rp)
{
	if (b->ck.n && close_interval(b) < 0)
		return -1;
	struct md_ckpt c = {
		.seq = rp->seq, .maxseq = rp->maxseq, .off = rp->off, .records = rp->tr.records,
		.skipped = rp->tr.skipped, .high = rp->tr.high, .bad_records = rp->bad_records,
		.last_obj = md_table_last_object(rp->t), .heap_start = md_table_heap_start(rp->t),
		.nmods = b->nmods};
	if (save_table(b, rp->t, &c) < 0 || put(&b->ck, &c, sizeof c) < 0)
		return -1;
	/* A checkpoint saves every piece and every file (the table keeps each
	 * file it met, for its identity): spaced by both, checkpoints grow
	 * geometrically where files keep coming, and the index grows with
	 * its trace, not with its square. */
	uint64_t every = (uint64_t)c.npieces * PIECES_FACTOR + (uint64_t)c.nfiles * FILES_FACTOR;
	b->every = b->fixed ? b->fixed : every > EVERY ? every : EVERY;
	return 0;
}

struct md_index_build *md_index_begin(const struct md_replay *rp, uint64_t every)
{
	struct md_index_build *b = calloc(1, sizeof *b);
	if (b)
		b->fixed = every;
	if (b && checkpoint(b, rp) < 0) {
		md_index_abort(b);
		return NULL;
	}
	return b;
}

static void touch(struct md_index_build *b, uint64_t s, uint64_t e)
{
	uint32_t best = 0;
	uint64_t gap = UINT64_MAX;
	for (uint32_t i = 0; i < b->nr; i++) {
		uint64_t g = s > b->re[i] ? s - b->re[i] : b->rs[i] > e ? b->rs[i] - e : 0;
		if (g < gap) {
			gap = g;
			best = i;
		}
	}
	if (gap && b->nr < MD_INDEX_RANGES) {
		b->rs[b->nr] = s;
		b->re[b->nr++] = e;
		return;
	}
	/* overlapping or adjacent, or no room: widen the nearest one */
	if (s < b->rs[best])
		b->rs[best] = s;
	if (e > b->re[best])
		b->re[best] = e;
}

void md_index_note(struct md_index_build *b, const struct md_replay *rp, uint64_t at,
		   const struct md_rec *r, const struct md_effect *eff)
{
	if (b->failed)
		return;
	if (r->type == MD_EV_MODULE) {
		b->failed |= put(&b->mods, &at, sizeof at) < 0;
		b->nmods++;
	}
	if (eff->overflow || r->type == MD_EV_SEED)
		b->flags |= MD_CK_ALL;
	else
		for (int i = 0; i < eff->n; i++)
			touch(b, eff->s[i], eff->e[i]);
	if (++b->since >= b->every)
		b->failed |= checkpoint(b, rp) < 0;
}

void md_index_abort(struct md_index_build *b)
{
	if (!b)
		return;
	free(b->ck.p);
	free(b->mods.p);
	free(b->blob.p);
	free(b);
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Best effort: a directory we cannot write to just has no index. */
static void save(const char *path, const uint8_t *p, size_t n)
{
	char tmp[4200], dst[4200];
	if (md_index_path(path, dst, sizeof dst) < 0 ||
	    snprintf(tmp, sizeof tmp, "%s.XXXXXX", dst) >= (int)sizeof tmp)
		return;
	int fd = mkstemp(tmp);
	if (fd < 0)
		return;
	int bad = write_all(fd, p, n) < 0;
	bad |= close(fd) < 0;
	if (bad || rename(tmp, dst) < 0)
		unlink(tmp);
}

static int attach(struct md_index *ix, uint8_t *p, size_t n);

/* A part that was never added to has no memory at all (p NULL), and
 * memcpy from NULL is undefined even for 0 bytes: a trace without module
 * records, or a table without files, has such parts. */
static void copy(void *dst, const struct buf *b)
{
	if (b->n)
		memcpy(dst, b->p, b->n);
}

int md_index_finish(struct md_index_build *b, struct md_replay *rp, const char *path,
		    struct md_index *ix)
{
	if (!b->failed && b->since)
		b->failed = checkpoint(b, rp) < 0;
	if (!b->failed)
		b->failed = close_interval(b) < 0;
	struct md_index_head h = {.version = MD_INDEX_VERSION, .head_size = sizeof h,
				  .policy = md_policy_identities(md_table_policy(rp->t)),
				  .page_size = rp->tr.h->page_size,
				  .nckpts = b->ck.n / sizeof(struct md_ckpt), .nmods = b->nmods};
	memcpy(h.magic, MD_INDEX_MAGIC, 8);
	uint64_t id[3];
	identity(&rp->tr, id);
	h.trace_size = id[0];
	h.trace_head_hash = id[1];
	h.trace_tail_hash = id[2];
	size_t blob = sizeof h + b->ck.n + b->mods.n;
	h.index_size = blob + b->blob.n;
	uint8_t *p = b->failed ? NULL : malloc(h.index_size);
	if (!p) {
		md_index_abort(b);
		return -1;
	}
	struct md_ckpt *ck = (struct md_ckpt *)(p + sizeof h);
	copy(ck, &b->ck);
	for (uint32_t i = 0; i < h.nckpts; i++) {
		ck[i].table_off += blob;
		ck[i].ranges_off += blob;
	}
	copy(p + sizeof h + b->ck.n, &b->mods);
	copy(p + blob, &b->blob);
	h.body_hash = md_index_hash(p + sizeof h, h.index_size - sizeof h, 3);
	memcpy(p, &h, sizeof h);
	md_index_abort(b);
	if (h.policy == MD_POLICY_CONTRACT)
		save(path, p, h.index_size);
	if (ix)
		return attach(ix, p, h.index_size);
	free(p);
	return 0;
}

/* ---------- loading ---------- */

static int attach(struct md_index *ix, uint8_t *p, size_t n)
{
	memset(ix, 0, sizeof *ix);
	ix->base = p;
	ix->size = n;
	ix->h = (const struct md_index_head *)p;
	ix->ck = (const struct md_ckpt *)(p + ix->h->head_size);
	ix->mods = (const uint64_t *)(ix->ck + ix->h->nckpts);
	return 0;
}

void md_index_free(struct md_index *ix)
{
	free(ix->base);
	memset(ix, 0, sizeof *ix);
}

/* The whole index file: 1, 0 when there is none, -1 with *why. */
static int read_file(const char *path, uint8_t **out, size_t *n, const char **why)
{
	struct stat st;
	int fd = md_open_regular(AT_FDCWD, path, 0, &st, why);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	if ((uint64_t)st.st_size > MAX_INDEX) {
		close(fd);
		*why = "too large";
		return -1;
	}
	size_t size = (size_t)st.st_size, got = 0;
	uint8_t *p = malloc(size ? size : 1);
	while (p && got < size) {
		ssize_t r = read(fd, p + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (!p || got < size) {
		free(p);
		*why = "cannot read";
		return -1;
	}
	*out = p;
	*n = size;
	return 1;
}

static int in(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

/* Every checkpoint's parts lie inside the file and inside the trace. */
static int check(const struct md_index *ix, const struct md_trace *tr)
{
	const struct md_index_head *h = ix->h;
	uint64_t prev = 0;
	for (uint32_t i = 0; i < h->nckpts; i++) {
		const struct md_ckpt *c = &ix->ck[i];
		if (c->off < prev || c->off > tr->size || c->maxseq < (i ? c[-1].maxseq : 0) ||
		    c->nmods > h->nmods || !in(c->ranges_off, (uint64_t)c->nranges * 16, ix->size) ||
		    c->table_off > ix->size || c->ranges_off % 8 || c->table_off % 8 || c->off % 8)
			return -1;
		prev = c->off;
	}
	for (uint32_t i = 0; i < h->nmods; i++)
		if (ix->mods[i] >= tr->size || ix->mods[i] % 8) /* records are 8-aligned */
			return -1;
	return h->nckpts ? 0 : -1;
}

int md_index_load(struct md_index *ix, const struct md_replay *rp, const char *path,
		  char *err, size_t errlen)
{
	char name[4200];
	uint8_t *p = NULL;
	size_t n = 0;
	memset(ix, 0, sizeof *ix);
	if (md_index_path(path, name, sizeof name) < 0)
		return 0;
	const char *why = NULL;
	int got = read_file(name, &p, &n, &why);
	if (got <= 0) {
		snprintf(err, errlen, "%s: %s; ignored (rebuilding it)", name, why);
		return got;
	}
	const struct md_index_head *h = (const void *)p;
	uint64_t id[3];
	identity(&rp->tr, id);
	if (n < sizeof *h || memcmp(h->magic, MD_INDEX_MAGIC, 8))
		why = "not an mdtrace index";
	else if (h->version != MD_INDEX_VERSION || h->head_size != sizeof *h)
		goto stale; /* another version: rebuilt */
	else if (h->index_size != n)
		why = "truncated";
	else if (h->body_hash != md_index_hash(p + sizeof *h, n - sizeof *h, 3))
		why = "checksum mismatch";
	else if (h->trace_size != id[0] || h->trace_head_hash != id[1] ||
		 h->trace_tail_hash != id[2] ||
		 h->policy != md_policy_identities(md_table_policy(rp->t)))
		goto stale;
	else if (h->page_size != rp->tr.h->page_size ||
		 !in(sizeof *h, (uint64_t)h->nckpts * sizeof(struct md_ckpt) + (uint64_t)h->nmods * 8, n))
		why = "bad sizes";
	if (!why) {
		attach(ix, p, n);
		if (check(ix, &rp->tr) == 0)
			return 1;
		why = "bad checkpoint";
		memset(ix, 0, sizeof *ix);
	}
	snprintf(err, errlen, "%s: %s; ignored (rebuilding it)", name, why);
	free(p);
	return -1;
stale:
	free(p);
	return 0;
}

uint32_t md_index_count(const struct md_index *ix)
{
	return ix->h->nckpts;
}

uint64_t md_index_offset(const struct md_index *ix, uint32_t k)
{
	return ix->ck[k].off;
}

uint64_t md_index_maxseq(const struct md_index *ix, uint32_t k)
{
	return ix->ck[k].maxseq;
}

int md_index_touches(const struct md_index *ix, uint32_t k, uint64_t s, uint64_t e)
{
	const struct md_ckpt *c = &ix->ck[k];
	if (c->flags & MD_CK_ALL)
		return 1;
	const uint64_t *r = (const uint64_t *)(ix->base + c->ranges_off);
	for (uint32_t i = 0; i < c->nranges; i++)
		if (r[2 * i] < e && s < r[2 * i + 1])
			return 1;
	return 0;
}

/* pol: the replay's own policy (xnu's tables are in contract's index). */
static struct md_table *restore_table(const struct md_index *ix, const struct md_ckpt *c,
				      const struct md_trace_header *th, enum md_policy pol)
{
	struct md_table *t = md_table_new(ix->h->page_size, pol);
	if (!t)
		return NULL;
	if (th->stack_limit)
		md_table_set_stack_limit(t, th->stack_limit);
	md_table_set_heap_start(t, c->heap_start);
	uint64_t at = c->table_off;
	char path[4097];
	for (uint32_t i = 0; i < c->nfiles; i++) {
		struct md_ckpt_file f;
		if (!in(at, sizeof f, ix->size))
			goto bad;
		memcpy(&f, ix->base + at, sizeof f);
		at += sizeof f;
		if (f.path_len >= sizeof path || !in(at, f.path_len, ix->size))
			goto bad;
		memcpy(path, ix->base + at, f.path_len);
		path[f.path_len] = 0;
		at += (f.path_len + 7) & ~7u;
		struct md_file mf = {.dev = f.dev, .ino = f.ino, .obj = f.obj, .size = f.size, .key = f.key};
		if (md_table_snap_file(t, &mf, path) != i + 1)
			goto bad;
	}
	if (!in(at, (uint64_t)c->npieces * sizeof(struct md_piece), ix->size))
		goto bad;
	for (uint32_t i = 0; i < c->npieces; i++) {
		struct md_piece p;
		memcpy(&p, ix->base + at + (size_t)i * sizeof p, sizeof p);
		if (md_table_snap_piece(t, &p) < 0)
			goto bad;
	}
	md_table_snap_objects(t, c->last_obj);
	/* what every replayed table is (kinds in range, pieces in order and
	 * apart): the pieces were copied verbatim, and one that is not would
	 * mislead every lookup after it */
	if (md_table_check(t))
		goto bad;
	return t;
bad:
	md_table_free(t);
	return NULL;
}

int md_index_restore(const struct md_index *ix, uint32_t k, struct md_replay *rp)
{
	const struct md_ckpt *c = &ix->ck[k];
	struct md_table *t = restore_table(ix, c, rp->tr.h, md_table_policy(rp->t));
	if (!t)
		return -1;
	md_replay_forget_modules(rp);
	for (uint32_t i = 0; i < c->nmods; i++) {
		size_t off = ix->mods[i];
		const struct md_rec *r = md_trace_next(&rp->tr, &off);
		if (r && r->type == MD_EV_MODULE && r->seq <= c->maxseq)
			md_replay_add_module(rp, r);
	}
	md_table_free(rp->t);
	rp->t = t;
	rp->off = c->off;
	rp->seq = c->seq;
	rp->maxseq = c->maxseq;
	rp->bad_records = c->bad_records;
	rp->tr.records = c->records;
	rp->tr.skipped = c->skipped;
	rp->tr.high = c->high;
	rp->tr.truncated = 0;
	return 0;
}
