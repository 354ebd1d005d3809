/* symbolize.c - return addresses to names and lines (see symbolize.h).
 * Each module file is opened once, at ELF addresses (bias 0), so one reader
 * serves every load of it whatever its address. */
#define _GNU_SOURCE
#include "symbolize.h"
#include "cli.h"
#include "openreg.h"
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum state { SYM_OK, SYM_REBUILT, SYM_GONE, SYM_BAD };

struct entry {
	char *path;
	uint8_t build_id[32];
	uint32_t build_id_len;
	enum state state;
	Dwfl *dwfl;
	Dwfl_Module *mod;
};

static struct entry *cache;
static size_t ncache, capcache;

static const Dwfl_Callbacks callbacks = {
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

/* The recorded id keeps at most 32 bytes of the file's. */
static int same_build_id(const struct md_module *m, const unsigned char *bits, int n)
{
	if (n < 0)
		n = 0;
	uint32_t k = (uint32_t)n < sizeof m->build_id ? (uint32_t)n : sizeof m->build_id;
	/* a file without an id has no bits at all: memcmp(NULL, ..., 0) is
	 * undefined */
	return k == m->build_id_len && (!k || !memcmp(bits, m->build_id, k));
}

static enum state load(struct entry *e, const struct md_module *m, const char **why)
{
	struct stat st;
	/* The path is the trace's: a FIFO or a device there is not opened. */
	int fd = md_open_regular(AT_FDCWD, m->path, 0, &st, why);
	if (fd < 0)
		return errno == ENOENT ? SYM_GONE : SYM_BAD;
	e->dwfl = dwfl_begin(&callbacks);
	if (!e->dwfl) {
		close(fd);
		*why = dwfl_errmsg(-1);
		return SYM_BAD;
	}
	dwfl_report_begin(e->dwfl);
	const char *base = strrchr(m->path, '/');
	/* a module reported takes the descriptor, and closes it at dwfl_end */
	e->mod = dwfl_report_elf(e->dwfl, base ? base + 1 : m->path, m->path, fd, 0, true);
	if (!e->mod)
		close(fd);
	dwfl_report_end(e->dwfl, NULL, NULL);
	Dwarf_Addr bias;
	if (!e->mod || !dwfl_module_getelf(e->mod, &bias)) {
		*why = dwfl_errmsg(-1);
		return SYM_BAD;
	}
	const unsigned char *bits = NULL;
	GElf_Addr vaddr;
	int n = dwfl_module_build_id(e->mod, &bits, &vaddr);
	return same_build_id(m, bits, n) ? SYM_OK : SYM_REBUILT;
}

static void say(const struct entry *e, const char *why)
{
	switch (e->state) {
	case SYM_REBUILT:
		md_warn("warning: %s was rebuilt since the trace (build id differs): its frames show module+offset only",
			e->path);
		break;
	case SYM_GONE:
		md_warn("warning: %s was removed since the trace: its frames show module+offset only", e->path);
		break;
	case SYM_BAD:
		md_warn("warning: %s: cannot read it (%s): its frames show module+offset only", e->path,
			why ? why : "unknown error");
		break;
	case SYM_OK:
		break;
	}
}

/* The cached reader for m's file, or NULL when it has no file to read. */
static struct entry *find(const struct md_module *m)
{
	for (size_t i = 0; i < ncache; i++) {
		struct entry *e = &cache[i];
		if (!strcmp(e->path, m->path) && e->build_id_len == m->build_id_len &&
		    !memcmp(e->build_id, m->build_id, m->build_id_len))
			return e;
	}
	if (m->path[0] != '/') /* [vdso] and the like: nothing on disk */
		return NULL;
	if (ncache == capcache) {
		size_t n = capcache ? capcache * 2 : 16;
		struct entry *c = realloc(cache, n * sizeof *c);
		if (!c)
			return NULL;
		if (!cache) /* every command that prints frames cleans up */
			atexit(md_symbolize_end);
		cache = c;
		capcache = n;
	}
	struct entry *e = &cache[ncache];
	*e = (struct entry){.path = strdup(m->path), .build_id_len = m->build_id_len};
	if (!e->path)
		return NULL;
	memcpy(e->build_id, m->build_id, sizeof e->build_id);
	const char *why = NULL;
	e->state = load(e, m, &why);
	say(e, why);
	ncache++;
	return e;
}

#define MD_INLINE_MAX 8

static int function_like(Dwarf_Die *d)
{
	int tag = dwarf_tag(d);
	return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine;
}

/* The innermost function-like scope of scopes[from..n), or NULL. */
static Dwarf_Die *first_function(Dwarf_Die *scopes, int from, int n)
{
	for (int i = from; i < n; i++)
		if (function_like(&scopes[i]))
			return &scopes[i];
	return NULL;
}

/* Where the inlined subroutine d was called: its DW_AT_call_file/line. */
static void call_site(Dwarf_Die *cu, Dwarf_Die *d, struct md_inline *in)
{
	Dwarf_Attribute at;
	Dwarf_Word file = 0, line = 0;
	Dwarf_Files *files;
	size_t nfiles;
	if (dwarf_formudata(dwarf_attr(d, DW_AT_call_file, &at), &file) == 0 &&
	    dwarf_formudata(dwarf_attr(d, DW_AT_call_line, &at), &line) == 0 && line > 0 &&
	    dwarf_getsrcfiles(cu, &files, &nfiles) == 0 && file < nfiles) {
		in->file = dwarf_filesrc(files, file, NULL, NULL);
		in->line = in->file ? (int)line : 0;
	}
}

/* The functions the inlined instance d sits in, innermost first, each with
 * the place of the inlined call (malloc'd).  dwarf_getscopes continues an
 * inlined instance with its abstract origin's scopes, so each caller is
 * found with dwarf_getscopes_die on the instance itself. */
static unsigned inline_chain(Dwarf_Die *cu, Dwarf_Die d, struct md_inline **out)
{
	struct md_inline *inl = calloc(MD_INLINE_MAX, sizeof *inl);
	unsigned k = 0;
	while (inl && k < MD_INLINE_MAX && dwarf_tag(&d) == DW_TAG_inlined_subroutine) {
		Dwarf_Die *outer = NULL, *caller;
		int n = dwarf_getscopes_die(&d, &outer);
		caller = n > 1 ? first_function(outer, 1, n) : NULL;
		if (!caller) {
			free(outer);
			break;
		}
		inl[k].function = dwarf_diename(caller);
		call_site(cu, &d, &inl[k++]);
		d = *caller;
		free(outer);
	}
	if (!k) {
		free(inl);
		inl = NULL;
	}
	*out = inl;
	return k;
}

/* The innermost function at a in the DWARF (an inlined one included), by
 * its source name (the symbol table may hold a clone's "f.constprop.0"),
 * and the chain of functions it was inlined into. */
static const char *dwarf_function(Dwfl_Module *mod, Dwarf_Addr a, struct md_inline **inl,
				  unsigned *ninl)
{
	Dwarf_Addr bias;
	Dwarf_Die *cu = dwfl_module_addrdie(mod, a, &bias);
	Dwarf_Die *scopes = NULL, *fn;
	const char *name = NULL;
	int n = cu ? dwarf_getscopes(cu, a - bias, &scopes) : 0;
	if (n > 0 && (fn = first_function(scopes, 0, n))) {
		name = dwarf_diename(fn);
		*ninl = inline_chain(cu, *fn, inl);
	}
	free(scopes);
	return name;
}

static void lookup(const struct entry *e, struct md_frame *f)
{
	/* A return address: the call is the instruction before it. */
	Dwarf_Addr a = f->offset - 1;
	GElf_Off off;
	GElf_Sym sym;
	struct md_inline *inl = NULL;
	f->function = dwarf_function(e->mod, a, &inl, &f->ninl);
	f->inl = inl;
	if (!f->function)
		f->function = dwfl_module_addrinfo(e->mod, a, &off, &sym, NULL, NULL, NULL);
	Dwfl_Line *l = dwfl_module_getsrc(e->mod, a);
	if (l) {
		int line = 0;
		const char *file = dwfl_lineinfo(l, NULL, &line, NULL, NULL, NULL);
		if (file && line > 0) {
			f->file = file;
			f->line = line;
		}
	}
}

/* Stacks repeat: each (module file, offset) is looked up once. */
struct memo {
	uint64_t off;
	size_t entry; /* index in cache + 1; 0: a free slot */
	const char *function, *file;
	int line;
	unsigned ninl;
	const struct md_inline *inl; /* owned by the memo */
};

static struct memo *memo;
static size_t nmemo, capmemo;

static size_t memo_hash(size_t entry, uint64_t off)
{
	return (size_t)(((off ^ (uint64_t)entry << 48) * 0x9e3779b97f4a7c15ull) >> 20);
}

static struct memo *memo_find(struct memo *t, size_t cap, size_t entry, uint64_t off)
{
	for (size_t i = memo_hash(entry, off) & (cap - 1);; i = (i + 1) & (cap - 1))
		if (!t[i].entry || (t[i].entry == entry && t[i].off == off))
			return &t[i];
}

static int memo_grow(void)
{
	size_t cap = capmemo ? capmemo * 2 : 1024;
	struct memo *t = calloc(cap, sizeof *t);
	if (!t)
		return -1;
	for (size_t i = 0; i < capmemo; i++)
		if (memo[i].entry)
			*memo_find(t, cap, memo[i].entry, memo[i].off) = memo[i];
	free(memo);
	memo = t;
	capmemo = cap;
	return 0;
}

/* The slot of (entry, off): filled when known, else free to fill. */
static struct memo *memo_slot(size_t entry, uint64_t off)
{
	if (nmemo * 2 >= capmemo && memo_grow() < 0)
		return NULL;
	return memo_find(memo, capmemo, entry, off);
}

void md_symbolize(const struct md_replay *rp, uint64_t ip, uint64_t seq, struct md_frame *f)
{
	*f = (struct md_frame){.ip = ip};
	const struct md_module *m = rp ? md_replay_module(rp, ip, seq) : NULL;
	if (!m)
		return;
	f->module = m->path;
	f->offset = ip - m->load_bias;
	struct entry *e = find(m);
	if (!e || e->state != SYM_OK || !f->offset)
		return;
	struct memo *k = memo_slot((size_t)(e - cache) + 1, f->offset);
	if (k && k->entry) {
		f->function = k->function;
		f->file = k->file;
		f->line = k->line;
		f->inl = k->inl;
		f->ninl = k->ninl;
		return;
	}
	lookup(e, f);
	if (k) {
		*k = (struct memo){f->offset, (size_t)(e - cache) + 1, f->function, f->file, f->line,
				   f->ninl, f->inl};
		nmemo++;
	} else {
		/* nowhere to keep the chain: print without it rather than leak */
		free((void *)f->inl);
		f->inl = NULL;
		f->ninl = 0;
	}
}

void md_frame_text(FILE *out, const struct md_frame *f)
{
	fprintf(out, "%#llx", (unsigned long long)f->ip);
	if (f->module) {
		const char *slash = strrchr(f->module, '/');
		fprintf(out, " %s+%#llx", slash ? slash + 1 : f->module, (unsigned long long)f->offset);
	}
	if (f->function)
		fprintf(out, " in %s", f->function);
	if (f->file)
		fprintf(out, " at %s:%d", f->file, f->line);
	for (unsigned i = 0; i < f->ninl; i++) {
		fprintf(out, ", inlined in %s", f->inl[i].function ? f->inl[i].function : "?");
		if (f->inl[i].file)
			fprintf(out, " at %s:%d", f->inl[i].file, f->inl[i].line);
	}
}

static void json_or_null(FILE *out, const char *s)
{
	if (s)
		md_json_string(out, s);
	else
		fputs("null", out);
}

void md_frame_json(FILE *out, const struct md_frame *f)
{
	fprintf(out, "{\"ip\":\"%#llx\",\"module\":", (unsigned long long)f->ip);
	json_or_null(out, f->module);
	if (f->module)
		fprintf(out, ",\"offset\":\"%#llx\"", (unsigned long long)f->offset);
	else
		fputs(",\"offset\":null", out);
	fputs(",\"function\":", out);
	json_or_null(out, f->function);
	fputs(",\"file\":", out);
	json_or_null(out, f->file);
	if (f->file)
		fprintf(out, ",\"line\":%d", f->line);
	else
		fputs(",\"line\":null", out);
	fputs(",\"inlined\":[", out);
	for (unsigned i = 0; i < f->ninl; i++) {
		fputs(i ? ",{\"function\":" : "{\"function\":", out);
		json_or_null(out, f->inl[i].function);
		fputs(",\"file\":", out);
		json_or_null(out, f->inl[i].file);
		if (f->inl[i].file)
			fprintf(out, ",\"line\":%d}", f->inl[i].line);
		else
			fputs(",\"line\":null}", out);
	}
	fputs("]}", out);
}

void md_symbolize_end(void)
{
	for (size_t i = 0; i < ncache; i++) {
		if (cache[i].dwfl)
			dwfl_end(cache[i].dwfl);
		free(cache[i].path);
	}
	free(cache);
	cache = NULL;
	ncache = capcache = 0;
	for (size_t i = 0; i < capmemo; i++)
		free((void *)memo[i].inl);
	free(memo);
	memo = NULL;
	nmemo = capmemo = 0;
}
