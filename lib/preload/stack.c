/* stack.c - the caller's return addresses with libunwind's unw_backtrace
 * (per-thread caches: ~10 ns a frame, no malloc once warmed up).
 *
 * libunwind is opened at start, RTLD_LOCAL, and only when stacks are
 * recorded: a process traced without them does not pay for loading it
 * and liblzma, and in no process do libunwind's exported _Unwind_* and
 * backtrace join the global scope, where they would take the place of
 * libgcc_s's in a program that loads those later (mdtrace-preload(7)). */
#define _GNU_SOURCE
#include "writer.h"
#include "config.h"
#include <dlfcn.h>
#include <stdlib.h>
#include <ucontext.h>

unsigned md_stack_depth = 16;

#ifdef HAVE_LIBUNWIND
#define UNW_LOCAL_ONLY
#include <libunwind.h>

/* libunwind's names are macros (unw_step is _ULx86_64_step): the strings
 * are the expansions. */
#define NAME_(x) #x
#define NAME(x) NAME_(x)

static struct {
	int (*backtrace)(void **, int);
	int (*init_local2)(unw_cursor_t *, unw_context_t *, int);
	int (*step)(unw_cursor_t *);
	int (*get_reg)(unw_cursor_t *, unw_regnum_t, unw_word_t *);
	int (*set_caching_policy)(unw_addr_space_t, unw_caching_policy_t);
	unw_addr_space_t *local_as;
} uw;

#define SYM(h, field, name) (*(void **)&uw.field = dlsym(h, NAME(name)))

/* libunwind, opened with dlopen, has dynamic TLS: a thread's first use
 * allocates its block with malloc (__tls_get_addr), which inside a hook
 * of malloc's own brk or mmap re-enters malloc (node's start then failed
 * with bad_alloc).  So each thread makes that first use where it is
 * safe, md_stack_thread_init (the main thread in md_stack_init, the
 * others at their start, thread.c), and a thread that has not (one
 * created with a raw clone) records no stacks. */
static __thread int uw_ready __attribute__((tls_model("initial-exec")));

void md_stack_thread_init(void)
{
	void *buf[4];
	if (uw.backtrace && !uw_ready) {
		uw.backtrace(buf, 4);
		uw_ready = 1;
	}
}

/* Before the seed (its mappings are in it) and before anything asks for
 * a stack; without libunwind, no stacks. */
void md_stack_load(void)
{
	void *h;
	if (!md_stack_depth)
		return;
	h = md_real_dlopen(MD_LIBUNWIND_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h || !SYM(h, init_local2, unw_init_local2) || !SYM(h, step, unw_step) ||
	    !SYM(h, get_reg, unw_get_reg) || !SYM(h, set_caching_policy, unw_set_caching_policy) ||
	    !SYM(h, local_as, unw_local_addr_space) || !SYM(h, backtrace, unw_backtrace)) {
		uw.backtrace = NULL;
		md_stack_depth = 0;
	}
}

unsigned md_stack(uint64_t *frames, unsigned max, unsigned skip)
{
	void *buf[MD_STACK_MAX + 8];
	unsigned want, n;
	if (!max || !uw_ready)
		return 0;
	if (max > MD_STACK_MAX)
		max = MD_STACK_MAX;
	if (skip > 7)
		skip = 7;
	/* +1: unw_backtrace reports md_stack itself first */
	want = max + skip + 1;
	n = (unsigned)uw.backtrace(buf, (int)want);
	if (n <= skip + 1)
		return 0;
	n -= skip + 1;
	for (unsigned i = 0; i < n; i++)
		frames[i] = (uint64_t)buf[i + skip + 1];
	return n;
}

/* From a signal context (a system call trapped by syscall user dispatch,
 * sud.c): the first frame is the instruction after the system call.
 * unw_backtrace's cached walk goes through the signal frame; the frames
 * up to the trapped instruction (the handler's) are dropped.  Where that
 * instruction is not found, a walk from the context itself. */
unsigned md_stack_uc(uint64_t *frames, unsigned max, void *uc)
{
	void *buf[MD_STACK_MAX + 16];
	uintptr_t ip = (uintptr_t)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
	unw_cursor_t c;
	unw_word_t w;
	unsigned n = 0;
	int got;
	if (!uw_ready)
		return 0;
	if (max > MD_STACK_MAX)
		max = MD_STACK_MAX;
	got = uw.backtrace(buf, (int)(max + 16));
	for (int i = 0; i < got; i++)
		if ((uintptr_t)buf[i] == ip) {
			while (i < got && n < max)
				frames[n++] = (uint64_t)buf[i++];
			return n;
		}
	if (uw.init_local2(&c, (unw_context_t *)uc, UNW_INIT_SIGNAL_FRAME) < 0)
		return 0;
	do {
		if (uw.get_reg(&c, UNW_REG_IP, &w) < 0 || !w)
			break;
		frames[n++] = w;
	} while (n < max && uw.step(&c) > 0);
	return n;
}

/* Before the seed: the main thread's first use of libunwind (its TLS,
 * its caches); the unwind tables of each frame are read when a stack
 * first passes through it.  Without stacks libunwind is not loaded. */
void md_stack_init(void)
{
	if (!md_stack_depth || !uw.backtrace)
		return;
	uw.set_caching_policy(*uw.local_as, UNW_CACHE_PER_THREAD);
	md_stack_thread_init();
}
#else
void md_stack_load(void)
{
}

void md_stack_thread_init(void)
{
}

unsigned md_stack(uint64_t *frames, unsigned max, unsigned skip)
{
	(void)frames, (void)max, (void)skip;
	return 0;
}

void md_stack_init(void)
{
}

unsigned md_stack_uc(uint64_t *frames, unsigned max, void *uc)
{
	(void)frames, (void)max, (void)uc;
	return 0;
}
#endif
