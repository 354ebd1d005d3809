/* init.c - start-up and exit of the preloaded library: configuration from
 * the environment, the trace, the seed and module map, the hooks, and a
 * self-test proving that a libc-internal mapping call is seen.
 *
 * Environment: MDTRACE_OUTPUT (root trace path), MDTRACE_STACKS (depth,
 * default 16, 0 none), MDTRACE_PARENT and MDTRACE_PARENT_SEQ (set by an
 * exec in a traced image: the trace and event of that exec), MDTRACE_CLOCK
 * ("monotonic": record times from clock_gettime even where the TSC would
 * do).  A program linked with libmdtrace that has no MDTRACE_OUTPUT and
 * did not preload the library keeps its records in memory (capture.c). */
#define _GNU_SOURCE
#include "writer.h"
#include "fds.h"
#include "sud.h"
#include "patch.h"
#include "config.h"
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

int md_active;
const char *md_env_preload;
static char preload_buf[8192];

/* Large enough to be above glibc's largest dynamic mmap threshold (32 MiB
 * on 64-bit), so malloc maps it and free unmaps it without moving the
 * threshold: the program's own malloc behaves as without mdtrace. */
#define SELFTEST_SIZE (64u << 20)

static void config(void)
{
	const char *out = getenv("MDTRACE_OUTPUT"), *st = getenv("MDTRACE_STACKS");
	const char *pre = getenv("LD_PRELOAD"), *clk = getenv("MDTRACE_CLOCK");
	char num[24];

	md_env_monotonic = clk && !strcmp(clk, "monotonic");

	md_memory_only = !(out && *out) && !(pre && strstr(pre, "libmdtrace_preload"));
	if (st && *st) {
		unsigned long d = strtoul(st, NULL, 10);
		md_stack_depth = d > MD_STACK_MAX ? MD_STACK_MAX : (unsigned)d;
	} else if (md_memory_only) {
		md_stack_depth = 0; /* nobody reads a memory-only trace's stacks */
	}
#ifndef HAVE_LIBUNWIND
	md_stack_depth = 0;
#endif
	if (pre) {
		md_strlcpy(preload_buf, pre, sizeof preload_buf);
		md_env_preload = preload_buf;
	}
	md_root[0] = 0;
	if (!out || !*out || out[0] != '/') {
		if (!getcwd(md_root, sizeof md_root - 2))
			md_root[0] = 0;
		else if (strcmp(md_root, "/"))
			md_strlcat(md_root, "/", sizeof md_root);
	}
	if (out && *out) {
		md_strlcat(md_root, out, sizeof md_root);
	} else {
		md_strlcat(md_root, "mdtrace.", sizeof md_root);
		md_strlcat(md_root, md_utoa(num, (uint64_t)md_getpid()), sizeof md_root);
		md_strlcat(md_root, ".mdt", sizeof md_root);
	}
}

struct probe {
	uint64_t p, base;
	int mapped, unmapped;
};

static int find_mmap(const struct md_rec *r, void *ctx)
{
	struct probe *pr = ctx;
	if (r->type == MD_EV_MMAP && !(r->flags & MD_RF_NESTED) && r->ret <= pr->p &&
	    pr->p < r->ret + r->args[1]) {
		pr->mapped = 1;
		pr->base = r->ret;
		return 1;
	}
	return 0;
}

static int find_munmap(const struct md_rec *r, void *ctx)
{
	struct probe *pr = ctx;
	if (r->type == MD_EV_MUNMAP && !(r->flags & MD_RF_NESTED) && r->args[0] == pr->base) {
		pr->unmapped = 1;
		return 1;
	}
	return 0;
}

/* Calls made on mdtrace's behalf are recorded as mdtrace's (MD_RF_TOOL):
 * those of the self-test below, and those whose caller is code of this
 * library or of libunwind (its caches, freed when a thread exits). */
int md_self_testing;
uintptr_t md_tool_lo[2], md_tool_hi[2];

static int tool_text(struct dl_phdr_info *info, size_t size, void *arg)
{
	uintptr_t self = (uintptr_t)arg, lo = UINTPTR_MAX, hi = 0;
	int slot = -1;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		uintptr_t a = info->dlpi_addr + ph->p_vaddr, b = a + ph->p_memsz;
		lo = a < lo ? a : lo;
		hi = b > hi ? b : hi;
	}
	if (self >= lo && self < hi)
		slot = 0;
	else if (info->dlpi_name && strstr(info->dlpi_name, "libunwind"))
		slot = 1;
	if (slot >= 0 && hi > lo) {
		md_tool_lo[slot] = lo;
		md_tool_hi[slot] = hi;
	}
	(void)size;
	return 0;
}

/* The allocator's mmap/munmap are libc-internal calls: a tracer that only
 * interposes the exported names misses them.  The self-test's mappings are
 * real changes, recorded as mdtrace's. */
static void selftest(void)
{
	void *(*volatile alloc)(size_t) = malloc;
	void (*volatile release)(void *) = free;
	uint64_t from = md_writer_used();
	unsigned long calls = md_hook_calls;
	struct probe pr = { 0 };
	const char *why = NULL;
	md_self_testing = 1;
	void *p = alloc(SELFTEST_SIZE);

	pr.p = (uint64_t)p;
	release(p);
	md_self_testing = 0;
	if (!p)
		why = "self-test: malloc failed";
	else if (md_hook_calls - calls < 2)
		why = "self-test: malloc/free of 64 MiB did not reach the mmap/munmap hooks";
	else if (!md_writer_scan(from, find_mmap, &pr) || !md_writer_scan(from, find_munmap, &pr))
		why = "self-test: the hooks ran but the mmap/munmap events are missing";
	if (!why) {
		md_emit_simple(MD_EV_SELFTEST, 1, "malloc/free of 64 MiB seen as mmap+munmap", MD_NO_STACK);
		return;
	}
	md_emit_simple(MD_EV_SELFTEST, 0, why, MD_NO_STACK);
	md_writer_set_flag(MD_TF_BLIND);
	md_emit_simple(MD_EV_BLIND, 0, why, 0);
}

__attribute__((constructor(101))) static void md_init(void)
{
	const char *parent, *pseq, *seed;
	uint32_t seed_len;
	if (getauxval(AT_SECURE))
		return;
	config();
	parent = getenv("MDTRACE_PARENT");
	pseq = getenv("MDTRACE_PARENT_SEQ");
	md_dl_init();
	md_stack_load();
	/* before libunwind's first use: its pipe2 must know its caller (fds.c) */
	dl_iterate_phdr(tool_text, (void *)(uintptr_t)tool_text);
	md_stack_init();
	md_fork_init();
	if (md_writer_create(parent && *parent ? MD_TRACE_EXECED : MD_TRACE_ROOT, parent,
			    pseq ? strtoull(pseq, NULL, 10) : 0) < 0)
		return;
	seed = md_emit_seed(&seed_len);
	md_patch_maps(seed, seed_len); /* the patches need no read of their own */
	md_order_lock();
	md_emit_modules(1);
	md_order_unlock();
	md_active = 1;
	md_patch_hold(); /* every page patched here given back once (patch.h) */
	if (md_hooks_install() > 0)
		md_writer_set_flag(MD_TF_BLIND);
	md_fd_hooks_install();
	md_patch_release();
	selftest();
	md_sud_init();
	md_patch_maps(NULL, 0);
	md_writer_clock_refresh();
}

__attribute__((destructor(101))) static void md_fini(void)
{
	if (md_active)
		md_writer_close();
}
