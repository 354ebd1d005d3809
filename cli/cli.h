/* cli.h - what the subcommands of `mdtrace` share. */
#ifndef MD_CLI_H
#define MD_CLI_H
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include "replay.h"
#include "verdict.h"

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* Print "mdtrace: <message>" as one line on stderr and exit with code. */
_Noreturn void md_die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void md_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Numbers: 0x... hex or decimal; lengths may end in k, M or G. 0 or -1. */
int md_parse_u64(const char *s, uint64_t *v);
int md_parse_len(const char *s, uint64_t *v);
int md_parse_policy(const char *s, enum md_policy *p);
/* "in", "out" or "inout". */
int md_parse_dir(const char *s, enum md_dir *d);
/* A process id: 1 to INT32_MAX. */
int md_parse_pid(const char *s, uint64_t *pid);
/* For commands that take [--json] TRACE: parses, handles --help and bad
 * options (exit 2), returns TRACE. */
const char *md_json_trace_args(int argc, char **argv, const char *cmd, const char *usage,
			       int *json);

/* A point in a trace: an event number, mark:LABEL, start or end. */
struct md_point {
	enum { MD_PT_NONE, MD_PT_START, MD_PT_END, MD_PT_SEQ, MD_PT_MARK } kind;
	uint64_t seq;
	const char *label;
};
int md_parse_point(const char *s, struct md_point *p);
/* The event number a point stands for in this trace (UINT64_MAX: end).
 * 0, or -1 when a mark is not found. */
int md_point_seq(struct md_replay *rp, const struct md_point *p, uint64_t *seq);
const char *md_point_text(const struct md_point *p, char *buf, size_t n);

/* The replay options the environment asks for (MDTRACE_NO_INDEX,
 * MDTRACE_INDEX_EVERY), with warnings printed as md_warn does. */
const struct md_replay_opts *md_replay_env(void);
/* Open a trace for replay or exit 1 with the reader's message. */
struct md_replay *md_open_replay(const char *path, enum md_policy pol);
/* After a walk: warn once about damage or skipped records. */
void md_report_damage(const struct md_replay *rp);

/* "mmap(0x..., 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x..." */
void md_describe_call(FILE *out, const struct md_rec *r);
/* The event line with number, time and thread, then its stack, indented. */
void md_describe_event(FILE *out, const struct md_replay *rp, const struct md_rec *r,
		       const char *indent);
/* "0x7f... libc.so.6+0x9af28 in FUNC at FILE:LINE" (what is known). */
void md_describe_frame(FILE *out, const struct md_replay *rp, uint64_t ip, uint64_t seq);
void md_json_string(FILE *out, const char *s);
/* Verify one trace against its exit snapshot (cmd_verify.c): snapshots
 * compared, or -1 when they differ. */
int md_verify_trace(FILE *out, const char *path);
/* sibling.c: is name (in directory dirfd) a trace the run that began at
 * since wrote?  Not a link, ours, a trace, begun since then. */
int md_run_sibling(int dirfd, const char *name, time_t since);
/* progkind.c: why the preloaded library cannot enter prog (static, another
 * C library's loader) in buf, or NULL when it can as far as we know */
const char *md_untraceable_why(const char *prog, char *buf, size_t n);

#define CMD(name, fn, help) int fn(int argc, char **argv);
#include "commands.def"
#undef CMD

#endif
