/* hooks_entry.S - the library's exported entry points, made from
 * events.def:
 *  - every name in a call's `public` column is a symbol that jumps to the
 *    call's hook md_hook_<name>, so the program's PLT calls land in the
 *    hook without patching (libc's own entries are patched: patch.c);
 *  - syscall(): the system calls in events.def's NR column go to
 *    md_syscall_tracked (hooks_syscall.c, recorded), those of unseen.def
 *    to md_syscall_unseen (unseen.c, declared blind), close, close_range,
 *    dup2 and dup3 to md_syscall_fd (fds.c: the library's descriptors
 *    are not the program's); SYS_fork, and
 *    SYS_clone without CLONE_VM and without a new stack, are forks and go
 *    to md_fork_raw (fork.c), which gives the child its trace; every other
 *    number is passed through by a frameless stub, like glibc's
 *    syscall.S, so that clone-like calls whose child returns on another
 *    stack behave as without mdtrace (the child returns from the
 *    `syscall; ret` to the address on its new stack, as it would from the
 *    stub).  A raw syscall has the kernel's semantics: no glibc checks,
 *    and brk leaves __curbrk alone. */
#include <asm/unistd.h>
#include "pp.h"
#include "xlat.h"

#define MD_EVENT(...)

#if defined(__x86_64__)

	.text
#define MD_STUB(hook, name) \
	.globl name; .type name, @function; .p2align 4; name: .cfi_startproc; \
	jmp hook; .cfi_endproc; .size name, .-name;
#define MD_CALL(ev, n, nm, nr, ret, args, pub, priv, fl) MD_PP_EACH_LIST(MD_STUB, md_hook_##nm, pub)
#include "events.def"
#undef MD_CALL

	.globl md_hook_syscall
	.hidden md_hook_syscall
	.type md_hook_syscall, @function
	.p2align 4
md_hook_syscall:
	.cfi_startproc
#define NR(x) cmp $__NR_##x, %rdi; je 1f;
#define NONR
#define MD_CALL(ev, n, nm, nr, ...) nr
#include "events.def"
#undef MD_CALL
#define MD_UNSEEN(nr, ...) cmp $__NR_##nr, %rdi; je 5f;
#include "unseen.def"
#undef MD_UNSEEN
	cmp $__NR_close, %rdi		/* the library's descriptors (fds.c) */
	je 6f
	cmp $__NR_close_range, %rdi
	je 6f
	cmp $__NR_dup2, %rdi
	je 6f
	cmp $__NR_dup3, %rdi
	je 6f
	cmp $__NR_fork, %rdi
	je 3f
	cmp $__NR_clone, %rdi		/* a fork when no CLONE_VM and no new stack */
	jne 4f
	test $CLONE_VM, %esi
	jnz 4f
	test %rdx, %rdx
	jz 3f
4:	movq %rdi, %rax
	movq %rsi, %rdi
	movq %rdx, %rsi
	movq %rcx, %rdx
	movq %r8, %r10
	movq %r9, %r8
	movq 8(%rsp), %r9
	call *md_sys_gadget(%rip)	/* syscall; ret (sud.c) */
	cmpq $-4095, %rax
	jae 2f
	ret
2:	movq %rax, %rdi
	jmp md_syscall_error
1:	jmp md_syscall_tracked
3:	jmp md_fork_raw
5:	jmp md_syscall_unseen
6:	jmp md_syscall_fd
	.cfi_endproc
	.size md_hook_syscall, .-md_hook_syscall

	.globl syscall
	.type syscall, @function
	.set syscall, md_hook_syscall

#elif defined(__aarch64__)

	.text
#define MD_STUB(hook, name) \
	.globl name; .type name, %function; .p2align 2; name: .cfi_startproc; \
	b hook; .cfi_endproc; .size name, .-name;
#define MD_CALL(ev, n, nm, nr, ret, args, pub, priv, fl) MD_PP_EACH_LIST(MD_STUB, md_hook_##nm, pub)
#include "events.def"
#undef MD_CALL

#endif

	.section .note.GNU-stack, "", %progbits
