/* describe.c - recorded calls in strace's style, and their stacks. */
#define _GNU_SOURCE
#include "cli.h"
#include "symbolize.h"
#include <string.h>
#include <sys/mman.h>

struct flag {
	uint64_t bit;
	const char *name;
};

static const struct flag prot_flags[] = {
	{PROT_READ, "PROT_READ"}, {PROT_WRITE, "PROT_WRITE"}, {PROT_EXEC, "PROT_EXEC"},
	{0x01000000, "PROT_GROWSDOWN"}, {0x02000000, "PROT_GROWSUP"}, {0, NULL}};

static const struct flag map_flags[] = {
	{MAP_FIXED, "MAP_FIXED"}, {MAP_ANONYMOUS, "MAP_ANONYMOUS"},
	{MAP_GROWSDOWN, "MAP_GROWSDOWN"}, {MAP_DENYWRITE, "MAP_DENYWRITE"},
	{MAP_EXECUTABLE, "MAP_EXECUTABLE"}, {MAP_LOCKED, "MAP_LOCKED"},
	{MAP_NORESERVE, "MAP_NORESERVE"}, {MAP_POPULATE, "MAP_POPULATE"},
	{MAP_NONBLOCK, "MAP_NONBLOCK"}, {MAP_STACK, "MAP_STACK"},
	{MAP_HUGETLB, "MAP_HUGETLB"}, {0x80000, "MAP_SYNC"},
	{0x100000, "MAP_FIXED_NOREPLACE"}, {0, NULL}};

static const struct flag mremap_flags[] = {
	{1, "MREMAP_MAYMOVE"}, {2, "MREMAP_FIXED"}, {4, "MREMAP_DONTUNMAP"}, {0, NULL}};

static const char *const madv_names[] = {
	[0] = "MADV_NORMAL", [1] = "MADV_RANDOM", [2] = "MADV_SEQUENTIAL",
	[3] = "MADV_WILLNEED", [4] = "MADV_DONTNEED", [8] = "MADV_FREE",
	[9] = "MADV_REMOVE", [10] = "MADV_DONTFORK", [11] = "MADV_DOFORK",
	[12] = "MADV_MERGEABLE", [13] = "MADV_UNMERGEABLE", [14] = "MADV_HUGEPAGE",
	[15] = "MADV_NOHUGEPAGE", [16] = "MADV_DONTDUMP", [17] = "MADV_DODUMP",
	[18] = "MADV_WIPEONFORK", [19] = "MADV_KEEPONFORK", [20] = "MADV_COLD",
	[21] = "MADV_PAGEOUT", [22] = "MADV_POPULATE_READ", [23] = "MADV_POPULATE_WRITE",
};

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
	static const char *const t[] = {"0", "MAP_SHARED", "MAP_PRIVATE", "MAP_SHARED_VALIDATE"};
	fputs(v & 0xf && (v & 0xf) < 4 ? t[v & 0xf] : "0", out);
	if (v & ~0xfULL) {
		fputc('|', out);
		flags(out, v & ~0xfULL, map_flags, "0");
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

void md_describe_call(FILE *out, const struct md_rec *r)
{
	const uint64_t *a = r->args;
	fputs(md_ev_name(r->type), out);
	switch (r->type) {
	case MD_EV_MMAP:
		fputc('(', out);
		hex(out, a[0]);
		fprintf(out, ", %llu, ", (unsigned long long)a[1]);
		flags(out, a[2], prot_flags, "PROT_NONE");
		fputs(", ", out);
		map_type(out, a[3]);
		fprintf(out, ", %d, %#llx)", (int)a[4], (unsigned long long)a[5]);
		result(out, r, 1);
		break;
	case MD_EV_MUNMAP:
		fputc('(', out);
		hex(out, a[0]);
		fprintf(out, ", %llu)", (unsigned long long)a[1]);
		result(out, r, 0);
		break;
	case MD_EV_MREMAP:
		fputc('(', out);
		hex(out, a[0]);
		fprintf(out, ", %llu, %llu, ", (unsigned long long)a[1], (unsigned long long)a[2]);
		flags(out, a[3], mremap_flags, "0");
		if (a[3] & 2) {
			fputs(", ", out);
			hex(out, a[4]);
		}
		fputc(')', out);
		result(out, r, 1);
		break;
	case MD_EV_MPROTECT:
	case MD_EV_PKEY_MPROTECT:
		fputc('(', out);
		hex(out, a[0]);
		fprintf(out, ", %llu, ", (unsigned long long)a[1]);
		flags(out, a[2], prot_flags, "PROT_NONE");
		if (r->type == MD_EV_PKEY_MPROTECT)
			fprintf(out, ", %d", (int)a[3]);
		fputc(')', out);
		result(out, r, 0);
		break;
	case MD_EV_MADVISE:
	case MD_EV_POSIX_MADVISE:
		fputc('(', out);
		hex(out, a[0]);
		fprintf(out, ", %llu, ", (unsigned long long)a[1]);
		if (a[2] < sizeof madv_names / sizeof *madv_names && madv_names[a[2]])
			fputs(madv_names[a[2]], out);
		else
			fprintf(out, "%llu", (unsigned long long)a[2]);
		fputc(')', out);
		result(out, r, 0);
		break;
	case MD_EV_BRK:
		fputc('(', out);
		hex(out, a[0]);
		fputc(')', out);
		result(out, r, 1);
		break;
	case MD_EV_SBRK:
		fprintf(out, "(%lld)", (long long)a[0]);
		result(out, r, 1);
		break;
	case MD_EV_SHMAT:
		fprintf(out, "(%llu, ", (unsigned long long)a[0]);
		hex(out, a[1]);
		fprintf(out, ", %#llo) [size %llu]", (unsigned long long)a[2], (unsigned long long)a[3]);
		result(out, r, 1);
		break;
	case MD_EV_SHMDT:
		fputc('(', out);
		hex(out, a[0]);
		fputc(')', out);
		result(out, r, 0);
		break;
	case MD_EV_MARK:
	case MD_EV_EXEC:
	case MD_EV_BLIND:
	case MD_EV_SELFTEST:
		fputc('(', out);
		text_extra(out, r, 200);
		fputc(')', out);
		break;
	case MD_EV_FORK:
		fprintf(out, "() = %lld", (long long)r->ret);
		break;
	case MD_EV_MODULE:
		fputc('(', out);
		hex(out, a[0]);
		fprintf(out, ", %llu, ", (unsigned long long)a[1]);
		module_path(out, r);
		fputc(')', out);
		break;
	case MD_EV_RECONCILE:
		fprintf(out, "(%s, ", a[0] == 1 ? "dlopen" : a[0] == 2 ? "dlclose" : a[0] == 3 ? "dlmopen" : "?");
		text_extra(out, r, a[1]);
		fputc(')', out);
		break;
	default:
		fputs("()", out);
	}
	if (r->flags & MD_RF_RAW_SYSCALL)
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
