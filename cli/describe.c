/* describe.c - recorded calls in strace's style, and their stacks. */
#define _GNU_SOURCE
#include "cli.h"
#include "symbolize.h"
#include <string.h>
#include "xlat.h"

struct flag {
	uint64_t bit;
	const char *name;
};

#define MD_FLAG(n) {n, #n},
#define MD_NAME_AT(n) [n] = #n,
static const struct flag prot_flags[] = {MD_XLAT_prot(MD_FLAG) {0, NULL}};
static const struct flag map_flags[] = {MD_XLAT_map(MD_FLAG) {0, NULL}};
static const struct flag mremap_flags[] = {MD_XLAT_mremap(MD_FLAG) {0, NULL}};
static const char *const map_types[] = {[0] = "0", MD_XLAT_map_type(MD_NAME_AT)};
static const char *const madv_names[] = {MD_XLAT_madv(MD_NAME_AT)};

static void flags(FILE *out, uint64_t v, const struct flag *f, const char *zero)
{
	int any = 0;
	for (; f->name; f++)
		if (v & f->bit) {
			fprintf(out, "%s%s", any ? "|" : "", f->name);
			v &= ~f->bit;
			any = 1;
		}
	if (v)
		fprintf(out, "%s%#llx", any ? "|" : "", (unsigned long long)v);
	else if (!any)
		fputs(zero, out);
}

static void map_type(FILE *out, uint64_t v)
{
	uint64_t t = v & MAP_TYPE;
	fputs(t < sizeof map_types / sizeof *map_types ? map_types[t] : "0", out);
	if (v & ~(uint64_t)MAP_TYPE) {
		fputc('|', out);
		flags(out, v & ~(uint64_t)MAP_TYPE, map_flags, "0");
	}
}

static void hex(FILE *out, uint64_t v)
{
	fprintf(out, v ? "%#llx" : "NULL", (unsigned long long)v);
}

static void result(FILE *out, const struct md_rec *r, int pointer)
{
	if (r->err)
		fprintf(out, " = -1 %s (%s)", strerrorname_np(r->err) ? strerrorname_np(r->err) : "E?",
			strerror(r->err));
	else if (pointer)
		fprintf(out, " = %#llx", (unsigned long long)r->ret);
	else
		fprintf(out, " = %lld", (long long)r->ret);
}

static void text_extra(FILE *out, const struct md_rec *r, size_t max)
{
	size_t n = r->extra_len < max ? r->extra_len : max;
	const char *s = (const char *)md_rec_extra(r);
	fputc('"', out);
	for (size_t i = 0; i < n && s[i] && s[i] != '\n'; i++)
		fputc(s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?', out);
	fputc('"', out);
}

static void module_path(FILE *out, const struct md_rec *r)
{
	struct md_module_id id;
	if (r->extra_len < sizeof id) {
		fputs("?", out);
		return;
	}
	memcpy(&id, md_rec_extra(r), sizeof id);
	fputc('"', out);
	const char *p = (const char *)md_rec_extra(r) + sizeof id;
	for (size_t i = 0; i < id.path_len && i < r->extra_len - sizeof id; i++)
		fputc(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?', out);
	fputc('"', out);
}

/* One argument of kind k (events.h), with the separator before it. */
static void arg(FILE *out, unsigned k, const uint64_t *a, unsigned i)
{
	uint64_t v = a[i];
	if (k == MD_A_NEWADDR && !(a[3] & MREMAP_FIXED))
		return;
	if (k == MD_A_SEGSIZE)
		return; /* after the parenthesis: see args() */
	if (i)
		fputs(", ", out);
	switch (k) {
	case MD_A_ADDR: case MD_A_NEWADDR: hex(out, v); break;
	case MD_A_UDEC: fprintf(out, "%llu", (unsigned long long)v); break;
	case MD_A_SDEC: fprintf(out, "%lld", (long long)v); break;
	case MD_A_INT: case MD_A_FD: fprintf(out, "%d", (int)v); break;
	case MD_A_HEX: fprintf(out, "%#llx", (unsigned long long)v); break;
	case MD_A_OCT: fprintf(out, "%#llo", (unsigned long long)v); break;
	case MD_A_PROT: flags(out, v, prot_flags, "PROT_NONE"); break;
	case MD_A_MAP: map_type(out, v); break;
	case MD_A_MREMAP: flags(out, v, mremap_flags, "0"); break;
	case MD_A_MADV:
		if (v < sizeof madv_names / sizeof *madv_names && madv_names[v])
			fputs(madv_names[v], out);
		else
			fprintf(out, "%llu", (unsigned long long)v);
		break;
	}
}

/* "(a, b, c)" by the kinds events.def gives, then the result. */
static void args(FILE *out, const struct md_rec *r, const struct md_ev_info *ev)
{
	fputc('(', out);
	for (unsigned i = 0; i < MD_EV_ARGS && ev->args[i]; i++)
		arg(out, ev->args[i], r->args, i);
	fputc(')', out);
	for (unsigned i = 0; i < MD_EV_ARGS && ev->args[i]; i++)
		if (ev->args[i] == MD_A_SEGSIZE)
			fprintf(out, " [size %llu]", (unsigned long long)r->args[i]);
	result(out, r, ev->ret == MD_RES_PTR);
}

static const char *loader_call(uint64_t which)
{
	return which == 1 ? "dlopen" : which == 2 ? "dlclose" : which == 3 ? "dlmopen" : "?";
}

void md_describe_call(FILE *out, const struct md_rec *r)
{
	const struct md_ev_info *ev = md_ev_info(r->type);
	fputs(ev->name, out);
	switch (ev->show) {
	case MD_SHOW_ARGS:
		args(out, r, ev);
		break;
	case MD_SHOW_TEXT:
		fputc('(', out);
		text_extra(out, r, 200);
		fputc(')', out);
		break;
	case MD_SHOW_FORK:
		fprintf(out, "() = %lld", (long long)r->ret);
		break;
	case MD_SHOW_MODULE:
		fputc('(', out);
		hex(out, r->args[0]);
		fprintf(out, ", %llu, ", (unsigned long long)r->args[1]);
		module_path(out, r);
		fputc(')', out);
		break;
	case MD_SHOW_RECONCILE:
		fprintf(out, "(%s, ", loader_call(r->args[0]));
		text_extra(out, r, r->args[1]);
		fputc(')', out);
		break;
	default:
		fputs("()", out);
	}
	if (r->flags & MD_RF_TRAPPED)
		fputs(" [trapped]", out);
	else if (r->flags & MD_RF_RAW_SYSCALL)
		fputs(" [syscall()]", out);
	if (r->flags & MD_RF_TOOL)
		fputs(" [mdtrace]", out);
}

void md_describe_frame(FILE *out, const struct md_replay *rp, uint64_t ip, uint64_t seq)
{
	struct md_frame f;
	md_symbolize(rp, ip, seq, &f);
	md_frame_text(out, &f);
}

void md_describe_event(FILE *out, const struct md_replay *rp, const struct md_rec *r,
		       const char *indent)
{
	fprintf(out, "%sevent %llu, thread %u: ", indent, (unsigned long long)r->seq, r->tid);
	md_describe_call(out, r);
	fputc('\n', out);
	const uint64_t *f = md_rec_frames(r);
	for (unsigned i = 0; i < r->nframes; i++) {
		fprintf(out, "%s  #%u ", indent, i);
		md_describe_frame(out, rp, f[i], r->seq);
		fputc('\n', out);
	}
	if (!r->nframes)
		fprintf(out, "%s  (no call stack recorded)\n", indent);
}
