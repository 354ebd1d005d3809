/* live.c - the trace of a running process (see live.h).  Nothing here
 * stops or signals the process: its trace is a shared file to read. */
#define _GNU_SOURCE
#include "live.h"
#include "procfmt.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *md_read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *s = NULL;
	size_t cap = 0, k;
	*len = 0;
	if (!f)
		return NULL;
	do {
		if (*len + 4096 > cap && !(s = realloc(s, cap = cap * 2 + 65536)))
			break;
		k = fread(s + *len, 1, cap - *len, f);
		*len += k;
	} while (k > 0);
	fclose(f);
	return s;
}

/* The mdtrace trace among the shared file mappings whose header names
 * this pid. */
static char *trace_of(pid_t pid, const char *maps, size_t len)
{
	const char *p = maps, *end = maps + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		struct md_maps_line l;
		struct md_trace tr;
		if (md_maps_parse(p, le, &l) == 0 && l.shared && l.ino && l.path[0] == '/' &&
		    md_trace_open(&tr, l.path) == 0) {
			/* the file the process maps, not whatever its path names
			 * now (the process's owner may have swapped it) */
			int mine = tr.h->pid == pid && tr.dev == l.dev && tr.ino == l.ino;
			md_trace_close(&tr);
			if (mine)
				return strdup(l.path);
		}
		p = le + 1;
	}
	return NULL;
}

char *md_pid_trace(pid_t pid, int root_ok)
{
	char proc[64];
	struct stat st;
	snprintf(proc, sizeof proc, "/proc/%d", (int)pid);
	if (stat(proc, &st) < 0)
		md_die(EXIT_RUNTIME, "no process %d", (int)pid);
	if (st.st_uid != getuid() && !(root_ok && getuid() == 0))
		md_die(EXIT_RUNTIME, "process %d is not yours (it belongs to uid %u)", (int)pid,
		       (unsigned)st.st_uid);
	snprintf(proc, sizeof proc, "/proc/%d/maps", (int)pid);
	size_t len;
	char *maps = md_read_all(proc, &len);
	if (!maps && errno == ENOENT)
		md_die(EXIT_RUNTIME, "process %d went away", (int)pid);
	if (!maps)
		md_die(EXIT_RUNTIME, "cannot read %s: %s", proc, strerror(errno));
	char *path = trace_of(pid, maps, len);
	free(maps);
	if (!path)
		md_die(EXIT_RUNTIME, "process %d is not traced by mdtrace (no trace among its mappings)", (int)pid);
	return path;
}

uint64_t md_live_replay(struct md_replay *rp, uint64_t max,
			void (*touched)(void *, const struct md_rec *, const struct md_effect *),
			void *arg)
{
	uint64_t n = 0;
	while (n < max) {
		uint64_t skipped = md_replay_skipped(rp);
		if (!md_replay_peek(rp) || md_replay_skipped(rp) != skipped)
			break;
		struct md_effect eff;
		const struct md_rec *r = md_replay_step(rp, &eff);
		n++;
		if (touched)
			touched(arg, r, &eff);
	}
	return n;
}
