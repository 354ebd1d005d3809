/* writer.h - internals shared by the trace writer's files (writer*.c,
 * lock.c, stack.c, init.c, dl.c, fork.c, mark.c).  The hooks use emit.h
 * only.  Its names do not clash with lib/trace's (md_writer_* here,
 * md_trace_* there): tests/headers.c includes both. */
#ifndef MD_WRITER_H
#define MD_WRITER_H
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "emit.h"
#include "prim.h"
#include "emit_inline.h"
#include "writer_name.h"

#define MD_PUBLIC __attribute__((visibility("default")))


/* The trace header, NULL while untraced. */
static inline struct md_trace_header *md_writer_header(void)
{
	return (struct md_trace_header *)__atomic_load_n(&md_w.base, __ATOMIC_ACQUIRE);
}

/* writer.c: creating and closing this image's trace */
int md_writer_create(enum md_trace_role kind, const char *parent, uint64_t parent_seq);
int md_writer_ready(void);
const char *md_writer_path(void);
void md_writer_set_flag(uint32_t flag);
uint64_t md_writer_used(void);
void md_writer_close(void);
void md_writer_drop_mapping(void);

/* "mdtrace: WHAT PATH: strerror(err); running untraced" on stderr */
void md_untraced(const char *what, const char *path, int err);

/* writer_clock.c: record times (the TSC or CLOCK_MONOTONIC) */
uint64_t md_writer_clock_ns(clockid_t c);
int md_writer_use_tsc(void);      /* decided once per process */
/* the header's start pair, inherited from a fork parent's header */
void md_writer_clock_start(struct md_trace_header *h, const struct md_trace_header *parent);
/* a new latest (ticks, ns) pair in h; the caller holds the flushing turn */
void md_writer_clock_pair(struct md_trace_header *h);
/* MDTRACE_CLOCK=monotonic: record CLOCK_MONOTONIC, not the TSC (init.c) */
extern int md_env_monotonic;

/* writer_grow.c */
int md_writer_first(int fd);
int md_writer_ensure(uint64_t end);
void md_writer_trim(void);

/* writer_emit.c */
uint64_t md_emit_at(const struct md_emit *e, const uint64_t *frames, unsigned nframes,
		    uint64_t seq, int tid);
uint64_t md_seq_take(void);
void md_writer_flush_all(void);
/* A fresh latest (ticks, ns) pair in the header (off the hot path). */
void md_writer_clock_refresh(void);
/* Calls fn on every committed record from byte offset `from`; stops early
 * when fn returns non-zero and returns that value. */
int md_writer_scan(uint64_t from, int (*fn)(const struct md_rec *r, void *ctx), void *ctx);
void md_emit_simple(uint16_t type, uint64_t a0, const char *text, unsigned skip);
/* md_emit_simple's skip for a record without a stack */
#define MD_NO_STACK (~0u)
/* Copies the committed record at off (capture.h's copy). */
size_t md_writer_copy(uint64_t off, void *buf, size_t cap, int *tid, size_t *need);

/* writer_tool.c: tool-owned memory, raw syscalls recorded with MD_RF_TOOL */
void *md_tool_map(size_t len);
void md_tool_unmap(void *p, size_t len);
void *md_tool_remap(void *p, size_t oldlen, size_t len);
/* /proc/self/maps into a tool buffer that stays valid until the next call;
 * call with md_order_lock held. */
const char *md_maps_read(uint32_t *len);
/* the seed record; returns its maps text (valid as md_maps_read's) */
const char *md_emit_seed(uint32_t *len);
/* dl.c: MD_EV_MODULE records for the loaded objects (all, or new ones) */
void md_emit_modules(int all);

/* capture.c: no trace file, the records stay in a memfd (init.c decides) */
extern int md_memory_only;

/* root path (absolute) and configuration from the environment */
extern char md_root[MD_PATH_MAX];
extern const char *md_env_preload;

/* mark.c: the program's entry point */
void mdtrace_mark(const char *label);

/* lock.c */
void md_lock_child_reset(void);

/* stack.c */
void md_stack_load(void);
void md_stack_init(void);
/* a new thread, before it runs the program's code (stack.c) */
void md_stack_thread_init(void);

/* dl.c, fork.c */
void md_dl_init(void);
void *md_libc(void);
void *md_real_dlopen(const char *file, int mode);
void md_fork_init(void);

#endif
