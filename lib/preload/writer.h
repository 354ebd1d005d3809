/* writer.h - internals shared by the trace writer's files (writer.c, lock.c,
 * stack.c, init.c, dl.c, fork.c, mark.c).  The hooks use emit.h only. */
#ifndef MD_WRITER_H
#define MD_WRITER_H
#include <stddef.h>
#include <stdint.h>
#include "emit.h"
#include "emit_inline.h"

#define MD_EXPORT __attribute__((visibility("default")))

/* Which trace a new image writes (the naming rule, see writer.c). */
enum md_kind { MD_ROOT, MD_FORK_CHILD, MD_EXECED };

/* writer.c */
void md_tid_reset(void);
long md_getpid(void);
uint64_t md_emit_at(const struct md_emit *e, const uint64_t *frames, unsigned nframes,
		    uint64_t seq, int tid);
uint64_t md_seq_take(void);
int md_trace_create(enum md_kind kind, const char *parent, uint64_t parent_seq);
int md_trace_ready(void);
const char *md_trace_path(void);
void md_trace_set_flag(uint32_t flag);
uint64_t md_trace_used(void);
void md_trace_trim(void);
void md_trace_close(void);
void md_trace_drop_mapping(void);
/* A fresh latest (ticks, ns) pair in the header (off the hot path). */
void md_trace_clock_refresh(void);
/* MDTRACE_CLOCK=monotonic: record CLOCK_MONOTONIC, not the TSC (init.c) */
extern int md_env_monotonic;
/* Calls fn on every committed record from byte offset `from`; stops early
 * when fn returns non-zero and returns that value. */
int md_trace_scan(uint64_t from, int (*fn)(const struct md_rec *r, void *ctx), void *ctx);
/* Tool-owned memory: raw syscalls, recorded with MD_RF_TOOL. */
void *md_tool_map(size_t len);
void md_tool_unmap(void *p, size_t len);
/* /proc/self/maps into a tool buffer that stays valid until the next call;
 * call with md_order_lock held. */
const char *md_maps_read(uint32_t *len);
void md_emit_modules(int all);
void md_emit_seed(void);
void md_emit_simple(uint16_t type, uint64_t a0, const char *text, unsigned skip);

/* root path (absolute) and configuration from the environment */
extern char md_root[MD_PATH_MAX];
extern const char *md_env_preload;

/* small string helpers (no stdio) */
size_t md_strlcpy(char *dst, const char *src, size_t cap);
size_t md_strlcat(char *dst, const char *src, size_t cap);
char *md_utoa(char *buf, uint64_t v);
void md_warn(const char *what, const char *path, int err);

/* mark.c: the program's entry point */
void mdtrace_mark(const char *label);

/* lock.c */
void md_lock_child_reset(void);

/* stack.c */
void md_stack_init(void);

/* dl.c, fork.c */
void md_dl_init(void);
void md_fork_init(void);

#endif
