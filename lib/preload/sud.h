/* sud.h - syscall user dispatch (sud.c): system calls made outside libc's
 * text trap to the library, which makes and records them. */
#ifndef MD_SUD_H
#define MD_SUD_H
#include <stdint.h>

/* Start-up, after the hooks are installed: the SIGSYS handler, libc's
 * `syscall; ret` for the library's own calls, dispatch in this thread.
 * Says with a blind record when dispatch is not available. */
void md_sud_init(void);
/* Arms dispatch in the calling thread (a new thread, a fork child);
 * 0, or -errno. */
long md_sud_arm(void);
extern int md_sud_on; /* dispatch is armed in the main thread */

/* The program's view of SIGSYS, kept apart from the library's handler
 * (hooks_signal.c and trapped rt_sigaction): kernel layout. */
struct md_ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};
long md_sigsys_action(const struct md_ksigaction *act, struct md_ksigaction *old);
/* libc's signal return trampoline (__restore_rt) */
extern void *md_restorer;
/* hooks_signal.c: patches libc's sigaction, sigprocmask, pthread_sigmask */
void md_signal_hooks_install(void);
/* rt_sigaction with SIGSYS kept the library's; act and old in the
 * library's memory (hooks_signal.c) */
long md_sigaction_call(int sig, const struct md_ksigaction *act, struct md_ksigaction *old);
/* rt_sigprocmask with SIGSYS kept unblocked; set is the value (copied) */
long md_sigmask_call(long how, const uint64_t *set, uint64_t *old, long size);

/* fork.c: a fork made by a raw system call (fork, clone, clone3 without
 * CLONE_VM): the child gets its trace; returns the kernel's result. */
long md_fork_sys(long n, long a, long b, long c, long d, long e, long f);
/* fork.c: a fork child started on a new stack by a trapped clone: gets its
 * trace */
void md_fork_child_raw(void);
/* fork.c: execve(2) as the library's execve does it: -errno or no return */
long md_execve_sys(const char *path, char *const argv[], char *const envp[]);

#endif
