/* openreg.h - open a file for reading only if it is a regular file, and
 * open nothing else on the way.  A FIFO blocks its open (and then every
 * read) until a writer comes, and opening a device can act by itself
 * (/dev/ptmx makes a new terminal), so the type is checked on an O_PATH
 * descriptor, which opens nothing, and that same file is then opened for
 * reading through /proc/self/fd: a name swapped in between cannot slip
 * another file in.  For traces, their indexes, the parent traces their
 * headers name, and the module files of their stacks: names another user
 * may control. */
#ifndef MD_TRACE_OPENREG_H
#define MD_TRACE_OPENREG_H
#include <sys/stat.h>

enum { MD_OPEN_NOFOLLOW = 1 }; /* refuse a symbolic link at the name itself */

/* A read-only, close-on-exec descriptor of path (relative to dirfd, or
 * AT_FDCWD) with *st filled, or -1 with *why set: strerror(errno) (errno
 * ENOENT: nothing there), "is a directory" or "not a regular file". */
int md_open_regular(int dirfd, const char *path, int flags, struct stat *st, const char **why);

#endif
