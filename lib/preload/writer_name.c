/* writer_name.c - which file a process image writes its trace to, for the
 * preloaded library and the ptrace backend (lib/tracer) alike.
 *
 * The first process writes root (MDTRACE_OUTPUT, made absolute); a fork
 * child writes <root>.<pid>; an image started by exec writes
 * <root>.<pid>.<n> with the first free n >= 1.  A name that is taken by a
 * regular file falls back to <root>.<pid>.<n>; one taken by anything else
 * (a symlink, ...) is refused and the process runs untraced. */
#define _GNU_SOURCE
#include "writer_name.h"
#include "prim.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static int open_excl(const char *p)
{
	return (int)md_syscall6(SYS_openat, AT_FDCWD, (long)p,
				O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600, 0, 0);
}

static int is_regular(const char *p)
{
	struct stat st;
	long r = md_syscall6(SYS_newfstatat, AT_FDCWD, (long)p, (long)&st,
			     AT_SYMLINK_NOFOLLOW, 0, 0);
	return r == 0 && S_ISREG(st.st_mode);
}

static void name_pid(char *out, const char *root, long pid)
{
	char num[24];
	md_strlcpy(out, root, MD_PATH_MAX);
	md_strlcat(out, ".", MD_PATH_MAX);
	md_strlcat(out, md_utoa(num, (uint64_t)pid), MD_PATH_MAX);
}

static int open_numbered(char *out, const char *root, long pid)
{
	char base[MD_PATH_MAX], num[24];
	int fd = -EEXIST;
	name_pid(base, root, pid);
	for (unsigned n = 1; n < 100000 && fd == -EEXIST; n++) {
		md_strlcpy(out, base, MD_PATH_MAX);
		md_strlcat(out, ".", MD_PATH_MAX);
		md_strlcat(out, md_utoa(num, n), MD_PATH_MAX);
		fd = open_excl(out);
	}
	return fd;
}

int md_writer_open(enum md_trace_role kind, const char *root, char *path, long pid)
{
	int fd;
	if (kind == MD_TRACE_EXECED)
		return open_numbered(path, root, pid);
	if (kind == MD_TRACE_ROOT)
		md_strlcpy(path, root, MD_PATH_MAX);
	else
		name_pid(path, root, pid);
	fd = open_excl(path);
	if (fd == -EEXIST && is_regular(path))
		fd = open_numbered(path, root, pid);
	return fd;
}
