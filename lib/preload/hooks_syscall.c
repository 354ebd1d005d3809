/* hooks_syscall.c - syscall().  Numbers that change the address space go
 * to md_syscall_tracked (recorded); every other number is passed through by
 * a frameless stub, exactly like glibc's syscall.S, so that clone/vfork-like
 * calls whose child returns on another stack behave as without mdtrace.
 * SYS_fork, and SYS_clone without CLONE_VM and without a new stack, are
 * forks: they go to md_fork_raw (fork.c), which gives the child its trace.  A
 * raw syscall has the kernel's semantics: no glibc checks, and brk leaves
 * __curbrk alone. */
#define _GNU_SOURCE
#include "hooks_common.h"
#include <sys/mman.h>
#include <sys/syscall.h>

#if defined(__x86_64__)

/* Top-level asm rather than a .S file: configure has no AM_PROG_AS. */
__asm__(
	".text\n"
	".globl md_hook_syscall\n"
	".hidden md_hook_syscall\n"
	".type md_hook_syscall, @function\n"
	".p2align 4\n"
	"md_hook_syscall:\n"
	".cfi_startproc\n"
	"	lea -9(%rdi), %rax\n"		/* mmap 9, mprotect 10, munmap 11, brk 12 */
	"	cmp $3, %rax\n"
	"	jbe 1f\n"
	"	cmp $25, %rdi\n"		/* mremap */
	"	je 1f\n"
	"	cmp $28, %rdi\n"		/* madvise */
	"	je 1f\n"
	"	cmp $30, %rdi\n"		/* shmat */
	"	je 1f\n"
	"	cmp $67, %rdi\n"		/* shmdt */
	"	je 1f\n"
	"	cmp $329, %rdi\n"		/* pkey_mprotect */
	"	je 1f\n"
	"	cmp $57, %rdi\n"		/* fork */
	"	je 3f\n"
	"	cmp $56, %rdi\n"		/* clone: a fork when no CLONE_VM, no new stack */
	"	jne 4f\n"
	"	test $0x100, %esi\n"
	"	jnz 4f\n"
	"	test %rdx, %rdx\n"
	"	jz 3f\n"
	"4:\n"
	"	movq %rdi, %rax\n"
	"	movq %rsi, %rdi\n"
	"	movq %rdx, %rsi\n"
	"	movq %rcx, %rdx\n"
	"	movq %r8, %r10\n"
	"	movq %r9, %r8\n"
	"	movq 8(%rsp), %r9\n"
	"	syscall\n"
	"	cmpq $-4095, %rax\n"
	"	jae 2f\n"
	"	ret\n"
	"2:	movq %rax, %rdi\n"
	"	jmp md_syscall_error\n"
	"1:	jmp md_syscall_tracked\n"
	"3:	jmp md_fork_raw\n"
	".cfi_endproc\n"
	".size md_hook_syscall, .-md_hook_syscall\n"
	".globl syscall\n"
	".type syscall, @function\n"
	".set syscall, md_hook_syscall\n");

long md_syscall_error(long r);
long md_syscall_tracked(long n, long a, long b, long c, long d, long e, long f);

long md_syscall_error(long r)
{
	errno = (int)-r;
	return -1;
}

static uint16_t ev_of(long n)
{
	switch (n) {
	case SYS_mmap: return MD_EV_MMAP;
	case SYS_munmap: return MD_EV_MUNMAP;
	case SYS_mremap: return MD_EV_MREMAP;
	case SYS_mprotect: return MD_EV_MPROTECT;
	case SYS_pkey_mprotect: return MD_EV_PKEY_MPROTECT;
	case SYS_madvise: return MD_EV_MADVISE;
	case SYS_brk: return MD_EV_BRK;
	case SYS_shmat: return MD_EV_SHMAT;
	case SYS_shmdt: return MD_EV_SHMDT;
	}
	return 0;
}

long md_syscall_tracked(long n, long a, long b, long c, long d, long e, long f)
{
	int saved = errno;
	struct md_hook h;
	long old = 0, r;

	md_hook_enter(&h);
	if (h.rec && n == SYS_brk)
		old = md_brk_now();
	r = md_syscall6(n, a, b, c, d, e, f);
	if (h.rec) {
		struct md_emit m = { .type = ev_of(n), .flags = MD_RF_RAW_SYSCALL,
			.err = n == SYS_brk ? 0 : md_err_of(r), .ret = (uint64_t)r,
			.args = { (uint64_t)a, (uint64_t)b, (uint64_t)c, (uint64_t)d, (uint64_t)e, (uint64_t)f } };
		int fd = -1;
		if (n == SYS_brk)
			m.args[1] = (uint64_t)old;
		else if (n == SYS_shmat)
			m.args[3] = md_failed(r) ? 0 : md_shm_size((int)a);
		else if (n == SYS_mmap && !md_failed(r) && !(d & MAP_ANONYMOUS))
			fd = (int)e;
		md_hook_leave_fd(&h, &m, fd);
	}
	if (md_failed(r)) {
		errno = (int)-r;
		return -1;
	}
	errno = saved;
	return r;
}

#endif
