/* writer_name.c - which file a process writes its trace to.
 *
 * The first process writes md_root (MDTRACE_OUTPUT, made absolute); a fork
 * child writes <root>.<pid>; an image started by exec writes
 * <root>.<pid>.<n> with the first free n >= 1.  A name that is taken by a
 * regular file falls back to <root>.<pid>.<n>; one taken by anything else
 * (a symlink, ...) is refused and the process runs untraced. */
#define _GNU_SOURCE
#include "writer.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>

void md_untraced(const char *what, const char *path, int err)
{
	char line[MD_PATH_MAX + 256] = "mdtrace: ";
	md_strlcat(line, what, sizeof line);
	if (path) {
		md_strlcat(line, " ", sizeof line);
		md_strlcat(line, path, sizeof line);
	}
	if (err) {
		md_strlcat(line, ": ", sizeof line);
		md_strlcat(line, strerror(err), sizeof line);
	}
	md_strlcat(line, "; running untraced\n", sizeof line);
	md_sys3(SYS_write, 2, (long)line, (long)strlen(line));
}

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

static void name_pid(char *out, long pid)
{
	char num[24];
	md_strlcpy(out, md_root, MD_PATH_MAX);
	md_strlcat(out, ".", MD_PATH_MAX);
	md_strlcat(out, md_utoa(num, (uint64_t)pid), MD_PATH_MAX);
}

static int open_numbered(char *out, long pid)
{
	char base[MD_PATH_MAX], num[24];
	int fd = -EEXIST;
	name_pid(base, pid);
	for (unsigned n = 1; n < 100000 && fd == -EEXIST; n++) {
		md_strlcpy(out, base, MD_PATH_MAX);
		md_strlcat(out, ".", MD_PATH_MAX);
		md_strlcat(out, md_utoa(num, n), MD_PATH_MAX);
		fd = open_excl(out);
	}
	return fd;
}

int md_writer_open(enum md_trace_role kind, char *path, long pid)
{
	int fd;
	if (kind == MD_TRACE_EXECED)
		return open_numbered(path, pid);
	if (kind == MD_TRACE_ROOT)
		md_strlcpy(path, md_root, MD_PATH_MAX);
	else
		name_pid(path, pid);
	fd = open_excl(path);
	if (fd == -EEXIST && is_regular(path))
		fd = open_numbered(path, pid);
	return fd;
}
