/* remote.c - reading a traced task's /proc files (remote.h). */
#define _GNU_SOURCE
#include "remote.h"
#include "table.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

static char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t cap = 64 << 10, n = 0;
	char *buf = NULL;
	if (fd < 0)
		return NULL;
	for (;;) {
		char *nb = n + 1 >= cap || !buf ? realloc(buf, cap *= 2) : buf;
		if (!nb)
			break;
		buf = nb;
		ssize_t k = read(fd, buf + n, cap - n - 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		n += (size_t)k;
	}
	close(fd);
	if (buf) {
		buf[n] = 0;
		*len = n;
	}
	return buf;
}

char *md_remote_maps(int pid, size_t *len)
{
	char p[64];
	snprintf(p, sizeof p, "/proc/%d/maps", pid);
	return slurp(p, len);
}

/* Field `field` (1-based, as proc(5) numbers them) of /proc/PID/stat. */
static uint64_t stat_field(int pid, int field)
{
	char p[64];
	size_t len;
	uint64_t v = 0;
	snprintf(p, sizeof p, "/proc/%d/stat", pid);
	char *s = slurp(p, &len), *q = s ? strrchr(s, ')') : NULL;
	for (int f = 2; q && *q && f < field; f++)
		q = strchr(q + 1, ' ');
	if (q && *q)
		v = strtoull(q + 1, NULL, 10);
	free(s);
	return v;
}

uint64_t md_remote_start_brk(int pid)
{
	return stat_field(pid, 47);
}

int md_remote_tgid(int tid)
{
	char p[64], line[128];
	int tgid = -1;
	snprintf(p, sizeof p, "/proc/%d/status", tid);
	FILE *f = fopen(p, "re");
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	if (f)
		fclose(f);
	return tgid;
}

void md_remote_header(struct md_trace_header *h, int pid, unsigned stacks)
{
	struct timespec ts;
	struct rlimit rl;
	char p[64];
	clock_gettime(CLOCK_REALTIME, &ts);
	h->start_realtime_ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	h->ppid = (int32_t)stat_field(pid, 4);
	h->stack_depth = stacks;
	if (prlimit(pid, RLIMIT_STACK, NULL, &rl) == 0)
		h->stack_limit = rl.rlim_cur;
	h->brk_start = md_remote_start_brk(pid);
	snprintf(p, sizeof p, "/proc/%d/exe", pid);
	ssize_t n = readlink(p, h->exe, sizeof h->exe - 1);
	h->exe[n > 0 ? n : 0] = 0;
}

void md_remote_file(int pid, int fd, struct md_file_id *id, char *path, size_t cap)
{
	char p[64];
	struct stat st;
	snprintf(p, sizeof p, "/proc/%d/fd/%d", pid, fd);
	memset(id, 0, sizeof *id);
	if (stat(p, &st) == 0) {
		id->dev = st.st_dev;
		id->ino = st.st_ino;
		id->mode = st.st_mode;
	}
	ssize_t n = readlink(p, path, cap);
	id->path_len = n > 0 ? (uint32_t)n : 0;
}

uint64_t md_remote_dev_at(const char *maps, size_t len, uint64_t addr)
{
	static struct md_maps_line l; /* 4 KiB of path */
	const char *end = maps + len;
	for (const char *s = maps; s < end;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			nl = end;
		if (md_maps_parse(s, nl, &l) == 0 && l.lo == addr)
			return MD_SHM_DEV_KNOWN | l.dev;
		s = nl + 1;
	}
	return 0;
}
