/* sys.c - raw mmap/munmap/mremap that bypass libc (see sys.h). */
#define _GNU_SOURCE
#include "sys.h"
#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* syscall(2) itself may be hooked too: sys.h has the arch's raw
 * instruction where it knows it; elsewhere fall back to libc's syscall(). */
#if !defined(__x86_64__) && !defined(__aarch64__)
long md_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	long r = syscall(n, a, b, c, d, e, f);
	return r == -1 ? -errno : r;
}
#endif

/* Errors come back as -errno; the core reports failure without touching the
 * caller's errno, which the hooks must preserve. */
void *md_sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r = md_syscall6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);
	return (unsigned long)r > -4096UL ? MAP_FAILED : (void *)r;
}

int md_sys_munmap(void *addr, size_t len)
{
	long r = md_syscall6(SYS_munmap, (long)addr, (long)len, 0, 0, 0, 0);
	return (unsigned long)r > -4096UL ? -1 : 0;
}

void *md_sys_mremap(void *old, size_t oldlen, size_t newlen, int flags)
{
	long r = md_syscall6(SYS_mremap, (long)old, (long)oldlen, (long)newlen, flags, 0, 0);
	return (unsigned long)r > -4096UL ? MAP_FAILED : (void *)r;
}
