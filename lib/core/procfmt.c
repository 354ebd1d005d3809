/* procfmt.c - /proc/PID/maps style output of a table (see procfmt.h). */
#define _GNU_SOURCE
#include "procfmt.h"
#include <string.h>
#include <sys/sysmacros.h>

const char *md_piece_name(const struct md_table *t, const struct md_piece *p,
			  char *buf, size_t n)
{
	const struct md_file *f = md_table_file(t, p->file);
	const char *s = f ? md_table_string(t, f->path) : "";
	if (*s)
		return s;
	switch (p->kind) {
	case MD_HEAP:
		return "[heap]";
	case MD_STACK:
		return "[stack]";
	case MD_SHM:
		snprintf(buf, n, "/SYSV%08llx (deleted)", 0ULL);
		return buf;
	case MD_ANON_SHARED:
		return "/dev/zero (deleted)";
	default:
		return "";
	}
}

/* The columns the kernel derives from the backing file. */
static void file_cols(const struct md_table *t, const struct md_piece *p,
		      uint64_t *off, uint64_t *dev, uint64_t *ino)
{
	const struct md_file *f = md_table_file(t, p->file);
	int filed = p->kind == MD_FILE_SHARED || p->kind == MD_FILE_PRIVATE ||
		    p->kind == MD_SHM || p->kind == MD_ANON_SHARED;
	*off = filed ? p->off : 0;
	*dev = f && f->key != MD_FKEY_NAME ? f->dev : 0;
	*ino = f && f->key != MD_FKEY_NAME ? f->ino : 0;
}

static void prefix(FILE *out, const struct md_table *t, const struct md_piece *p,
		   uint64_t end)
{
	uint64_t off, dev, ino;
	char buf[80];
	file_cols(t, p, &off, &dev, &ino);
	int n = snprintf(buf, sizeof buf, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ",
			 (unsigned long long)p->start, (unsigned long long)end,
			 p->prot & MD_PROT_R ? 'r' : '-', p->prot & MD_PROT_W ? 'w' : '-',
			 p->prot & MD_PROT_X ? 'x' : '-', md_kind_shared(p->kind) ? 's' : 'p',
			 (unsigned long long)off, major(dev), minor(dev),
			 (unsigned long long)ino);
	char nb[64];
	const char *name = md_piece_name(t, p, nb, sizeof nb);
	/* The kernel pads to 73 columns before a name. */
	fprintf(out, "%s%*s%s", buf, *name && n < 73 ? 73 - n : 0, "", name);
}

void md_print_proc(FILE *out, const struct md_table *t, const struct md_piece *p)
{
	prefix(out, t, p, p->end);
	fputc('\n', out);
}

static void table_cols(FILE *out, const struct md_piece *p)
{
	fprintf(out, "  kind=%s obj=%llu off=0x%llx ev=%llu%s%s%s\n", md_kind_name(p->kind),
		(unsigned long long)p->obj, (unsigned long long)p->off,
		(unsigned long long)p->ev, p->flags & MD_PF_TOOL ? " mdtrace" : "",
		p->flags & MD_PF_DONTFORK ? " dontfork" : "",
		p->flags & MD_PF_SEEDED ? " seeded" : "");
}

void md_print_table(FILE *out, const struct md_table *t, const struct md_piece *p)
{
	prefix(out, t, p, p->end);
	table_cols(out, p);
}

/* Would the kernel print b as the continuation of a's line? */
static int same_line(const struct md_table *t, const struct md_piece *a,
		     uint64_t a_end, const struct md_piece *b)
{
	uint64_t ao, ad, ai, bo, bd, bi;
	char x[64], y[64];
	if (a_end != b->start || a->prot != b->prot ||
	    md_kind_shared(a->kind) != md_kind_shared(b->kind))
		return 0;
	file_cols(t, a, &ao, &ad, &ai);
	file_cols(t, b, &bo, &bd, &bi);
	if (ad != bd || ai != bi || (ai && bo != ao + (a_end - a->start)))
		return 0;
	return !strcmp(md_piece_name(t, a, x, sizeof x), md_piece_name(t, b, y, sizeof y));
}

struct printer {
	FILE *out;
	const struct md_table *t;
	struct md_piece cur;
	uint64_t cur_end;
	int have;
};

static int print_piece(const struct md_piece *p, void *arg)
{
	struct printer *pr = arg;
	if (pr->have && same_line(pr->t, &pr->cur, pr->cur_end, p)) {
		pr->cur_end = p->end;
		return 0;
	}
	if (pr->have) {
		prefix(pr->out, pr->t, &pr->cur, pr->cur_end);
		fputc('\n', pr->out);
	}
	pr->cur = *p;
	pr->cur_end = p->end;
	pr->have = 1;
	return 0;
}

void md_print_maps(FILE *out, const struct md_table *t, int table_format)
{
	if (table_format) {
		const struct md_piece *p = md_table_next(t, 0);
		for (; p; p = md_table_next(t, p->end))
			md_print_table(out, t, p);
		return;
	}
	struct printer pr = {.out = out, .t = t};
	md_table_walk(t, 0, UINT64_MAX, print_piece, &pr);
	if (pr.have) {
		prefix(out, t, &pr.cur, pr.cur_end);
		fputc('\n', out);
	}
}
