/* sys.c - raw mmap/munmap/mremap that bypass libc (see sys.h). */
#define _GNU_SOURCE
#include "sys.h"
#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* syscall(2) itself may be hooked too, so use the arch's raw instruction
 * where we have it; elsewhere fall back to libc's syscall(). */
#if defined(__x86_64__)
long md_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
long md_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;
	__asm__ volatile("svc 0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return x0;
}
#else
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
