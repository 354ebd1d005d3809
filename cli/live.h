/* live.h - reading the trace of a running traced process: find it from the
 * pid, and replay what is committed without waiting on the writers. */
#ifndef MD_CLI_LIVE_H
#define MD_CLI_LIVE_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "cli.h"

/* The whole of a small file such as /proc/PID/maps (malloc'd), or NULL. */
char *md_read_all(const char *path, size_t *len);

/* The path of the trace process pid writes (malloc'd).  Exits 1 with one
 * line when the process does not exist, is another user's (root passes
 * only when root_ok), or has no mdtrace trace among its mappings. */
char *md_pid_trace(pid_t pid, int root_ok);

/* Apply committed records in file order, stopping before the first one a
 * writer has reserved but not finished (it is in flight: its system call
 * may already be done), or after `max` records.  Returns the number
 * applied; *touched, when given, is called for each with its effect. */
uint64_t md_live_replay(struct md_replay *rp, uint64_t max,
			void (*touched)(void *, const struct md_rec *, const struct md_effect *),
			void *arg);

/* `mdtrace query --pid=PID TOKEN` (live_query.c); cmd_query hands over. */
int md_live_query(int argc, char **argv);

#endif
