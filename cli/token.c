/* token.c - live descriptor tokens (see token.h).  Parsing is strict: every
 * field is checked for syntax and range, so a damaged or made-up token is
 * refused before anything reads a trace with it. */
#define _GNU_SOURCE
#include "token.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX "mdt1:"

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	while (n--)
		h = (h ^ *c++) * 0x100000001b3ULL;
	return h;
}

#define FNV0 0xcbf29ce484222325ULL

static const char *const dirs[] = {"inout", "in", "out"};      /* enum md_dir order */
static const char *const pols[] = {"contract", "dma", "xnu"}; /* enum md_policy order */

/* names[i], or the default names[0] for a value out of range */
static const char *name(const char *const *names, unsigned n, unsigned i)
{
	return i < n ? names[i] : names[0];
}

uint64_t md_token_ident(const struct md_desc *d)
{
	uint64_t h = FNV0;
	for (size_t i = 0; i < d->nsegs; i++) {
		const struct md_seg *s = &d->segs[i];
		uint64_t v[6] = {s->start, s->end, s->obj, s->off, s->prot, s->kind};
		h = fnv(h, v, sizeof v);
	}
	return h;
}

char *md_token_format(const struct md_token *t)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	if (!f)
		return NULL;
	fprintf(f, PREFIX "%d:%llu:%llx:%llu:%llu:%s:%s:", (int)t->pid,
		(unsigned long long)t->start_ns, (unsigned long long)t->ino,
		(unsigned long long)t->records, (unsigned long long)t->seq, name(dirs, 3, t->dir),
		name(pols, 3, t->policy));
	for (size_t i = 0; i < t->n; i++)
		fprintf(f, "%s%llx+%llx", i ? "," : "", (unsigned long long)t->ranges[i].addr,
			(unsigned long long)t->ranges[i].len);
	fprintf(f, ":%016llx", (unsigned long long)t->ident);
	if (fclose(f))
		return NULL;
	char *out = malloc(n + 18);
	if (out)
		sprintf(out, "%s:%016llx", s, (unsigned long long)fnv(FNV0, s, n));
	free(s);
	return out;
}

struct cursor {
	const char *p, *end;
	char *why;
	size_t n;
};

static int bad(struct cursor *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->why, c->n, fmt, ap);
	va_end(ap);
	return -1;
}

/* One unsigned number in base 10 or 16 up to a delimiter in `stops` (or
 * the end); no sign, no prefix, no overflow. */
static int num(struct cursor *c, int base, const char *stops, uint64_t *v, const char *what)
{
	const char *p = c->p;
	uint64_t x = 0;
	for (; p < c->end && !strchr(stops, *p); p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0'
			: base == 16 && *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
		if (d < 0)
			return bad(c, "bad character '%c' in the %s", *p, what);
		if (x > (UINT64_MAX - (unsigned)d) / (unsigned)base)
			return bad(c, "the %s is too large", what);
		x = x * (unsigned)base + (unsigned)d;
	}
	if (p == c->p)
		return bad(c, "the %s is missing", what);
	*v = x;
	c->p = p;
	return 0;
}

static int expect(struct cursor *c, char ch, const char *after)
{
	if (c->p >= c->end || *c->p != ch)
		return bad(c, "expected '%c' after the %s", ch, after);
	c->p++;
	return 0;
}

static int word(struct cursor *c, const char *const *names, int count, int *v, const char *what)
{
	const char *e = memchr(c->p, ':', (size_t)(c->end - c->p));
	size_t len = e ? (size_t)(e - c->p) : (size_t)(c->end - c->p);
	for (int i = 0; i < count; i++)
		if (strlen(names[i]) == len && !memcmp(names[i], c->p, len)) {
			*v = i;
			c->p += len;
			return 0;
		}
	return bad(c, "bad %s", what);
}

static int ranges(struct cursor *c, struct md_token *t)
{
	t->n = 0;
	do {
		if (t->n)
			c->p++; /* the ',' */
		if (t->n == MD_TOKEN_MAX_RANGES)
			return bad(c, "more than %d ranges", MD_TOKEN_MAX_RANGES);
		struct md_range *r = &t->ranges[t->n];
		if (num(c, 16, "+:,", &r->addr, "range address") < 0 || expect(c, '+', "range address") < 0 ||
		    num(c, 16, ":,", &r->len, "range length") < 0)
			return -1;
		if (!r->len)
			return bad(c, "a range of length 0");
		if (r->addr + r->len < r->addr || r->addr + r->len > UINT64_MAX - (1u << 30))
			return bad(c, "a range wraps around the address space");
		t->n++;
	} while (c->p < c->end && *c->p == ',');
	return 0;
}

static int fields(struct cursor *c, struct md_token *t)
{
	uint64_t pid;
	int dir = 0, pol = 0;
	if (num(c, 10, ":", &pid, "pid") < 0 || expect(c, ':', "pid") < 0)
		return -1;
	if (!pid || pid > INT32_MAX)
		return bad(c, "the pid is out of range");
	t->pid = (int32_t)pid;
	if (num(c, 10, ":", &t->start_ns, "trace start time") < 0 || expect(c, ':', "trace start time") < 0 ||
	    num(c, 16, ":", &t->ino, "trace inode") < 0 || expect(c, ':', "trace inode") < 0 ||
	    num(c, 10, ":", &t->records, "record count") < 0 || expect(c, ':', "record count") < 0 ||
	    num(c, 10, ":", &t->seq, "event number") < 0 || expect(c, ':', "event number") < 0 ||
	    word(c, dirs, 3, &dir, "direction (in, out or inout)") < 0 || expect(c, ':', "direction") < 0 ||
	    word(c, pols, 3, &pol, "policy (contract, dma or xnu)") < 0 || expect(c, ':', "policy") < 0 ||
	    ranges(c, t) < 0 || expect(c, ':', "ranges") < 0)
		return -1;
	if (!t->records || !t->seq)
		return bad(c, "the capture point is empty");
	t->dir = (enum md_dir)dir;
	t->policy = (enum md_policy)pol;
	if (c->end - c->p != 16 || num(c, 16, "", &t->ident, "identity digest") < 0)
		return bad(c, "the identity digest is not 16 hex digits");
	return 0;
}

int md_token_parse(const char *s, struct md_token *t, char *why, size_t n)
{
	struct cursor c = {s, NULL, why, n};
	size_t len = strnlen(s, MD_TOKEN_MAX_TEXT + 1);
	memset(t, 0, sizeof *t);
	if (len > MD_TOKEN_MAX_TEXT)
		return bad(&c, "too long to be a token");
	if (strncmp(s, "mdt", 3) || len < 5 || !strchr(s, ':'))
		return bad(&c, "not an mdtrace token (tokens start with " PREFIX ")");
	if (strncmp(s, PREFIX, strlen(PREFIX)))
		return bad(&c, "token version '%.*s' is not supported (this mdtrace reads " PREFIX ")",
			   (int)(strchr(s, ':') - s), s);
	/* the check digest first: any damaged character is caught here */
	const char *last = strrchr(s, ':');
	uint64_t check;
	c.p = last + 1;
	c.end = s + len;
	if (c.end - c.p != 16 || num(&c, 16, "", &check, "check digest") < 0)
		return bad(&c, "the token is cut short or damaged (no check digest at its end)");
	if (fnv(FNV0, s, (size_t)(last - s)) != check)
		return bad(&c, "the token is damaged (its check digest does not match)");
	c.p = s + strlen(PREFIX);
	c.end = last;
	if (c.end < c.p)
		return bad(&c, "the token is cut short");
	return fields(&c, t);
}
