/* sud_entry.S - the assembler half of sud.c (x86_64).
 *   md_sys_own    the library's own `syscall; ret`, used until dispatch is
 *                 armed (then md_sys_gadget points into libc's text);
 *   md_sud_child  where a thread made by a trapped clone starts: its stack
 *                 holds a struct child_frame (sud.c) below the stack pointer
 *                 the program asked for.  Arms dispatch (in C, on an aligned
 *                 stack), reloads the registers the program had at the
 *                 clone, and returns 0 to the instruction after it with the
 *                 stack pointer it asked for. */
#if defined(__x86_64__)
	.text
	.globl md_sys_own
	.hidden md_sys_own
	.type md_sys_own, @function
md_sys_own:
	.cfi_startproc
	syscall
	ret
	.cfi_endproc
	.size md_sys_own, .-md_sys_own

	.globl md_sud_child
	.hidden md_sud_child
	.type md_sud_child, @function
	.p2align 4
md_sud_child:
	.cfi_startproc
	.cfi_undefined rip		/* the first frame of a new thread */
	movq %rsp, %rbx			/* -> child_frame.rbx */
	movq %rsp, %rdi
	andq $-16, %rsp
	call md_sud_child_start
	movq %rbx, %rsp
	popq %rbx
	popq %rbp
	popq %r12
	popq %r13
	popq %r14
	popq %r15
	popq %rdi
	popq %rsi
	popq %rdx
	popq %r10
	popq %r8
	popq %r9
	addq $16, %rsp			/* forked, pad */
	xorl %eax, %eax
	ret				/* to child_frame.rip */
	.cfi_endproc
	.size md_sud_child, .-md_sud_child
#endif
	.section .note.GNU-stack, "", %progbits
