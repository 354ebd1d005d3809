/* elf.c - fuzz target: the module map and the ELF handling of stacks
 * (cli/symbolize.c with elfutils' libdwfl, lib/trace/replay.c's module
 * records).  The input is an object file: it is written out, a trace made
 * whose module record places it, with its build id as libdwfl reads it so
 * that lookups are reached, and return addresses at offsets taken from the
 * input's last bytes are symbolized and printed as events prints them. */
#include "cli.h"
#include "format.h"
#include "fuzz.h"
#include "symbolize.h"
#include <elfutils/libdwfl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* cli/errors.c's lines: symbolize.c warns once per file, so once per
 * input here, which is noise, not what is fuzzed */
void md_warn(const char *fmt, ...)
{
	(void)fmt;
}

void md_die(int code, const char *fmt, ...)
{
	(void)code;
	md_fuzz_fail(fmt);
}

#define BASE 0x400000ull
#define SPAN (16ull << 20)
#define NIPS 12

static const Dwfl_Callbacks cb = {.find_debuginfo = dwfl_standard_find_debuginfo,
				  .section_address = dwfl_offline_section_address};

/* The build id libdwfl reads in the file (what the library records). */
static uint32_t build_id(const char *path, uint8_t id[32])
{
	Dwfl *d = dwfl_begin(&cb);
	uint32_t n = 0;
	if (!d)
		return 0;
	dwfl_report_begin(d);
	Dwfl_Module *m = dwfl_report_elf(d, "m", path, -1, 0, true);
	dwfl_report_end(d, NULL, NULL);
	const unsigned char *bits;
	GElf_Addr vaddr;
	int k = m ? dwfl_module_build_id(m, &bits, &vaddr) : 0;
	if (k > 0) {
		n = k < 32 ? (uint32_t)k : 32;
		memcpy(id, bits, n);
	}
	dwfl_end(d);
	return n;
}

static size_t rec(uint8_t *p, size_t off, uint16_t type, uint64_t seq, const void *extra,
		  uint32_t elen, const uint64_t *ips, uint16_t nips)
{
	struct md_rec r = {.type = type, .nframes = nips, .seq = seq, .extra_len = elen,
			   .commit = MD_REC_COMMIT, .tag = MD_REC_TAG(off), .tid = 1};
	r.size = (uint32_t)((sizeof r + nips * 8u + elen + 7) & ~7u);
	r.args[0] = BASE;
	r.args[1] = SPAN;
	memcpy(p + off, &r, sizeof r);
	if (nips) /* memcpy from NULL is undefined, even for 0 bytes */
		memcpy(p + off + sizeof r, ips, nips * 8u);
	memcpy(p + off + sizeof r + nips * 8u, extra, elen);
	return off + r.size;
}

/* A trace: a module record for the object at path, then one record with
 * the return addresses. */
static const char *trace(const char *path, const uint64_t *ips)
{
	static uint8_t t[MD_TRACE_HEADER + 8192];
	memset(t, 0, sizeof t);
	struct md_trace_header *h = (void *)t;
	struct {
		struct md_module_id id;
		char path[400];
	} m = {{.load_bias = BASE}, {0}};
	m.id.path_len = (uint32_t)strlen(path);
	m.id.build_id_len = build_id(path, m.id.build_id);
	memcpy(m.path, path, m.id.path_len);
	memcpy(h->magic, MD_TRACE_MAGIC, 8);
	h->version = MD_TRACE_VERSION;
	h->header_size = MD_TRACE_HEADER;
#if defined(__x86_64__)
	h->arch = 62;
#elif defined(__aarch64__)
	h->arch = 183;
#endif
	h->page_size = 4096;
	size_t end = rec(t, MD_TRACE_HEADER, MD_EV_MODULE, 1, &m, sizeof m.id + m.id.path_len, NULL, 0);
	end = rec(t, end, MD_EV_MARK, 2, "x", 1, ips, NIPS);
	h->reserved = h->committed = end;
	h->next_seq = 3;
	return md_fuzz_file("e.mdt", t, end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	if (!null && !(null = fopen("/dev/null", "w")))
		md_fuzz_fail("/dev/null");
	uint64_t ips[NIPS];
	for (int i = 0; i < NIPS; i++) { /* offsets from the input's end, and spread ones */
		uint32_t v = 0;
		if (size >= 4u * (i + 1))
			memcpy(&v, data + size - 4u * (i + 1), 4);
		ips[i] = BASE + (i % 2 ? v % (size + 1) : (uint64_t)v % SPAN);
	}
	const char *elf = md_fuzz_file("m.so", data, size);
	char err[600];
	struct md_replay_opts o = {.no_index = 1};
	struct md_replay *rp = md_replay_open(trace(elf, ips), MD_POLICY_CONTRACT, &o, err, sizeof err);
	if (!rp)
		md_fuzz_fail(err);
	struct md_effect eff;
	while (md_replay_step(rp, &eff))
		;
	for (int i = 0; i < NIPS; i++) {
		struct md_frame f;
		md_symbolize(rp, ips[i], 2, &f);
		md_frame_text(null, &f);
		md_frame_json(null, &f);
	}
	md_replay_close(rp);
	md_symbolize_end(); /* the next input is another file at the same path */
	return 0;
}
