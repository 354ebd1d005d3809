/* emit.h - the interface between the hooks (hooks_*.c, patch.c) and the
 * trace writer (writer.c, init.c) inside the preloaded library.
 *
 * Hot path rules: no malloc, no stdio, no locks other than md_order_lock,
 * errno saved and restored by the hook around everything it does. */
#ifndef MD_EMIT_H
#define MD_EMIT_H
#include <stdint.h>
#include "format.h"

/* For the hot path: code that must sit in the hook it serves. */
#define MD_INLINE static inline __attribute__((always_inline))

struct md_emit {
	uint16_t type;            /* enum md_ev */
	uint16_t flags;           /* MD_RF_* */
	int32_t err;              /* errno of a failed call, else 0 */
	uint64_t args[6];
	uint64_t ret;
	const void *extra;        /* payload, copied into the record */
	uint32_t extra_len;
	const void *extra2;       /* a second payload piece appended after extra */
	uint32_t extra2_len;
	uint64_t timed;           /* sampled: the clock when the call returned, else 0 ... */
	uint64_t pre;             /* ... and clock units the hook spent before the call */
};

/* The record clock (TSC ticks or CLOCK_MONOTONIC ns: format.h). */
uint64_t md_now(void);
/* One outer hook call in MD_HOOK_EVERY per thread, on average, is timed:
 * three more clock reads for it, one counter step for the others.  The gap
 * to the next timed call is random, so a program's loop of calls does not
 * put the same call under the clock every time. */
#define MD_HOOK_EVERY 64
extern __thread unsigned md_hook_left __attribute__((tls_model("initial-exec")));
/* When md_hook_left ran out: draws the next gap (1 to 2 * MD_HOOK_EVERY - 1
 * calls) and returns the clock, or 0 on a thread's first call, which only
 * draws the first gap (timing every thread's cold first call would weigh
 * it MD_HOOK_EVERY times). */
uint64_t md_hook_timer(void);

/* Append one record (frames may be NULL).  Safe from any thread, from a
 * signal handler, and re-entered; drops the record (and counts the loss)
 * if the trace cannot grow.  Returns the event number, 0 if not recorded. */
uint64_t md_emit(const struct md_emit *e, const uint64_t *frames, unsigned nframes);

/* The caller's return addresses, skipping `skip` innermost frames; returns
 * how many were stored (0 when stacks are off or libunwind is absent). */
unsigned md_stack(uint64_t *frames, unsigned max, unsigned skip);
/* The same from a signal context (a trapped system call, sud.c). */
unsigned md_stack_uc(uint64_t *frames, unsigned max, void *uc);
/* Configured depth (--stacks=N), at most MD_STACK_MAX. */
#define MD_STACK_MAX 64
extern unsigned md_stack_depth;

/* Held from just before a mapping syscall until its record is written, so
 * that event order equals the kernel's order.  Re-entrant for the owning
 * thread (a signal handler that maps memory mid-hook proceeds). */
void md_order_lock(void);
void md_order_unlock(void);

/* This thread's id, cached (prim.c). */
int md_tid(void);
extern __thread int md_tid_cache __attribute__((tls_model("initial-exec")));
MD_INLINE int md_tid_inline(void)
{
	return md_tid_cache ? md_tid_cache : md_tid();
}

/* Non-zero while this thread is inside a hook (initial-exec TLS): nested
 * calls (libunwind's own mmap, ...) are recorded with MD_RF_TOOL|MD_RF_NESTED
 * and no stack. */
extern __thread int md_in_hook __attribute__((tls_model("initial-exec")));

/* Set once the writer is ready; hooks only pass calls through before. */
extern int md_active;

/* Installed by hooks_install.c: patch libc's entry points.  Returns the
 * number of functions left unobserved (each reported with MD_EV_BLIND). */
int md_hooks_install(void);
/* How many hooked calls were seen (for the start-up self-test). */
extern unsigned long md_hook_calls;

#endif
