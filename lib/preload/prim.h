/* prim.h - the preloaded library's libc-free primitives: strings, numbers,
 * thread and process ids, reading /proc.  Everything here runs inside hooks
 * (other threads mid-call, signal handlers, a fork child): no malloc, no
 * stdio, no errno, no locks; system calls are raw (sys.h). */
#ifndef MD_PRIM_H
#define MD_PRIM_H
#include <stddef.h>
#include <stdint.h>
#include "sys.h"

/* The longest path a trace names (its own, its parent's, the program's). */
#define MD_PATH_MAX 1024

/* A raw system call of up to three arguments (sys.h). */
static inline __attribute__((always_inline)) long md_sys3(long n, long a, long b, long c)
{
	return md_syscall6(n, a, b, c, 0, 0, 0);
}

/* BSD strlcpy/strlcat: the result is the length they tried to make. */
size_t md_strlcpy(char *dst, const char *src, size_t cap);
size_t md_strlcat(char *dst, const char *src, size_t cap);
/* v in decimal into buf (at least 21 bytes); returns buf. */
char *md_utoa(char *buf, uint64_t v);

int md_tid(void);       /* cached per thread (emit.h reads the cache inline) */
void md_tid_reset(void); /* in a fork child: the cache holds the parent's */
long md_getpid(void);

/* openat(path, O_RDONLY | O_CLOEXEC): an fd, or -errno. */
int md_open_read(const char *path);
void md_close(int fd);
/* Reads fd until EOF, an error or cap bytes (retrying EINTR); returns the
 * bytes read. */
size_t md_read_full(int fd, char *buf, size_t cap);
/* The path /proc/self/fd/<fd> links to, not NUL-terminated: its length, or
 * 0 when there is none. */
size_t md_fd_path(int fd, char *path, size_t cap);
/* the same through "/proc/self/fd/N" (md_fd_path, fds.c, without its held directory) */
size_t md_fd_path_slow(int fd, char *path, size_t cap);

#endif
