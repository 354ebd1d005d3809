/* openreg.c - open regular files only (see openreg.h). */
#define _GNU_SOURCE
#include "openreg.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define READ_FLAGS (O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)

/* The file behind the O_PATH descriptor, opened for reading.  Without
 * /proc the name is opened again and must still be the same file (a
 * device swapped in during that window is opened, never read: O_NONBLOCK
 * keeps even that from blocking). */
static int reopen(int pfd, int dirfd, const char *path, int flags, const struct stat *want)
{
	char self[64];
	snprintf(self, sizeof self, "/proc/self/fd/%d", pfd);
	int fd = open(self, READ_FLAGS);
	if (fd >= 0 || errno != ENOENT)
		return fd;
	fd = openat(dirfd, path, READ_FLAGS | (flags & MD_OPEN_NOFOLLOW ? O_NOFOLLOW : 0));
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) < 0 || st.st_dev != want->st_dev || st.st_ino != want->st_ino)) {
		close(fd);
		errno = ESTALE; /* replaced while being opened */
		return -1;
	}
	return fd;
}

int md_open_regular(int dirfd, const char *path, int flags, struct stat *st, const char **why)
{
	int nofollow = flags & MD_OPEN_NOFOLLOW ? O_NOFOLLOW : 0;
	int pfd = openat(dirfd, path, O_PATH | O_CLOEXEC | nofollow);
	if (pfd < 0 || fstat(pfd, st) < 0) {
		int e = errno;
		*why = strerror(e);
		if (pfd >= 0)
			close(pfd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		/* with O_NOFOLLOW, O_PATH opens a symbolic link itself */
		*why = S_ISDIR(st->st_mode) ? "is a directory" : "not a regular file";
		close(pfd);
		errno = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	int fd = reopen(pfd, dirfd, path, flags, st);
	*why = fd < 0 ? strerror(errno) : NULL;
	close(pfd);
	return fd;
}
