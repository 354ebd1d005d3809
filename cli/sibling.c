/* sibling.c - whether a file beside a run's trace is one of the run's
 * traces.  A name says nothing: anyone who may write the directory can
 * plant symbolic links, FIFOs or any file at PATH.<digits>. */
#define _GNU_SOURCE
#include "cli.h"
#include "openreg.h"
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int md_run_sibling(int dirfd, const char *name, time_t since)
{
	struct stat st;
	struct md_trace_header h;
	const char *why;
	/* what the library creates: a regular file, never a link */
	int fd = md_open_regular(dirfd, name, MD_OPEN_NOFOLLOW, &st, &why);
	if (fd < 0)
		return 0;
	ssize_t n = pread(fd, &h, sizeof h, 0);
	close(fd);
	/* of the user the program ran as, a trace, begun since the run began */
	return n == (ssize_t)sizeof h && st.st_uid == geteuid() &&
	       !memcmp(h.magic, MD_TRACE_MAGIC, sizeof h.magic) &&
	       h.start_realtime_ns / 1000000000u >= (uint64_t)since;
}
