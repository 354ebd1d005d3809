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
 * touches errno.  Inline where the arch's instruction is known: the hooks
 * return from the kernel straight into their own code. */
#if defined(__x86_64__)
#ifdef MD_PRELOAD
/* In the preloaded library every system call goes through a `syscall; ret`
 * in the region that syscall user dispatch lets through (sud.c): libc's
 * text once dispatch is armed, the library's own before.  The red zone
 * below %rsp is the caller's: step over it before the call. */
extern void *md_sys_gadget __attribute__((visibility("hidden")));
#define MD_SYSCALL_INSN "sub $128, %%rsp\n\tcall *md_sys_gadget(%%rip)\n\tadd $128, %%rsp"
#else
#define MD_SYSCALL_INSN "syscall"
#endif
static inline __attribute__((always_inline)) long
md_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile(MD_SYSCALL_INSN
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory", "cc");
	return ret;
}
#elif defined(__aarch64__)
static inline __attribute__((always_inline)) long
md_syscall6(long n, long a, long b, long c, long d, long e, long f)
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
long md_syscall6(long n, long a, long b, long c, long d, long e, long f);
#endif

void *md_sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int md_sys_munmap(void *addr, size_t len);
void *md_sys_mremap(void *old, size_t oldlen, size_t newlen, int flags);

#endif
