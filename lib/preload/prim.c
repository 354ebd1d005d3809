/* prim.c - the preloaded library's libc-free primitives (prim.h). */
#define _GNU_SOURCE
#include "prim.h"
#include "emit.h"
#include "sys.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>

__thread int md_tid_cache;

size_t md_strlcpy(char *dst, const char *src, size_t cap)
{
	size_t n = strlen(src);
	if (cap) {
		size_t k = n < cap - 1 ? n : cap - 1;
		memcpy(dst, src, k);
		dst[k] = 0;
	}
	return n;
}

size_t md_strlcat(char *dst, const char *src, size_t cap)
{
	size_t d = strnlen(dst, cap);
	if (d == cap)
		return d + strlen(src);
	return d + md_strlcpy(dst + d, src, cap - d);
}

char *md_utoa(char *buf, uint64_t v)
{
	char tmp[24];
	int n = 0;
	do
		tmp[n++] = (char)('0' + v % 10);
	while (v /= 10);
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = 0;
	return buf;
}

int md_tid(void)
{
	if (!md_tid_cache)
		md_tid_cache = (int)md_syscall6(SYS_gettid, 0, 0, 0, 0, 0, 0);
	return md_tid_cache;
}

void md_tid_reset(void)
{
	md_tid_cache = 0;
}

long md_getpid(void)
{
	return md_syscall6(SYS_getpid, 0, 0, 0, 0, 0, 0);
}

int md_open_read(const char *path)
{
	return (int)md_syscall6(SYS_openat, AT_FDCWD, (long)path, O_RDONLY | O_CLOEXEC, 0, 0, 0);
}

void md_close(int fd)
{
	md_syscall6(SYS_close, fd, 0, 0, 0, 0, 0);
}

size_t md_read_full(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	while (len < cap) {
		long r = md_syscall6(SYS_read, fd, (long)(buf + len), (long)(cap - len), 0, 0, 0);
		if (r == -EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	return len;
}

size_t md_fd_path_slow(int fd, char *path, size_t cap)
{
	char link[40] = "/proc/self/fd/", num[24];
	md_strlcat(link, md_utoa(num, (uint64_t)(unsigned)fd), sizeof link);
	long r = md_syscall6(SYS_readlinkat, AT_FDCWD, (long)link, (long)path, (long)cap, 0, 0);
	return r > 0 ? (size_t)r : 0;
}
