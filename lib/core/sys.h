/* sys.h - raw system calls for the core.
 *
 * The core must not go through libc's mmap family: inside the traced process
 * those entry points are patched to land in mdtrace's hooks, and the core is
 * what the hooks call.  Raw syscalls cannot recurse. */
#ifndef MD_SYS_H
#define MD_SYS_H
#include <stddef.h>
#include <sys/types.h>

/* A raw system call: returns the kernel's value, -errno on failure; never
 * touches errno. */
long md_syscall6(long n, long a, long b, long c, long d, long e, long f);

void *md_sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int md_sys_munmap(void *addr, size_t len);
void *md_sys_mremap(void *old, size_t oldlen, size_t newlen, int flags);

#endif
