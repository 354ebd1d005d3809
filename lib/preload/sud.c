/* sud.c - syscall user dispatch (Linux 5.11+): a system call made from
 * anywhere but libc's text (ld.so, the program's own `syscall`
 * instructions, a JIT, another runtime) traps to this SIGSYS handler,
 * which makes it with a raw call from libc's text and records it like a
 * hooked call (mdtrace-preload(7), SYSTEM CALLS OUTSIDE LIBC).
 *
 * The allowed region is libc's executable segment only, so the library's
 * own system calls go through a `syscall; ret` found there (md_sys_gadget,
 * sys.h).  Dispatch is per thread and is off in every new task and after
 * exec: threads made by pthread_create (thread.c), fork children (fork.c)
 * and threads made by a trapped clone (here) are armed before they run the
 * program's code. */
#define _GNU_SOURCE
#include "hooks_common.h"
#include "sud.h"
#include "fds.h"
#include "writer.h"
#include "xlat.h"
#include <dlfcn.h>
#include <link.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <ucontext.h>
#include <linux/sched.h>
#include "events.h"

void *md_restorer;
int md_sud_on;

#if defined(__x86_64__)

extern char md_sys_own[], md_sud_child[]; /* sud_entry.S */
void *md_sys_gadget = md_sys_own;

static uintptr_t libc_lo, libc_hi;
static void *libc_gadget;

static void blind(const char *why)
{
	md_writer_set_flag(MD_TF_BLIND);
	md_emit_simple(MD_EV_BLIND, 0, why, 0);
}

/* A `syscall; ret` (0f 05 c3) in [p, p + n), or NULL. */
static void *gadget_in(const unsigned char *p, size_t n)
{
	static const unsigned char g[3] = { 0x0f, 0x05, 0xc3 };
	return memmem(p, n, g, sizeof g);
}

/* libc's executable segment, and a `syscall; ret` in it: first in getpid,
 * which is one on x86_64 (`mov $39, %eax; syscall; ret`), else anywhere
 * (a scan that reads, and so faults in, libc's text up to the first). */
static int find_libc(struct dl_phdr_info *info, size_t size, void *arg)
{
	const unsigned char *getpid_fn = arg;
	(void)size;
	if (!info->dlpi_name || !strstr(info->dlpi_name, "/libc.so.6"))
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		libc_lo = info->dlpi_addr + ph->p_vaddr;
		libc_hi = libc_lo + ph->p_memsz;
		if (getpid_fn && (uintptr_t)getpid_fn >= libc_lo && (uintptr_t)getpid_fn + 32 <= libc_hi)
			libc_gadget = gadget_in(getpid_fn, 32);
		if (!libc_gadget)
			libc_gadget = gadget_in((const unsigned char *)libc_lo, ph->p_memsz);
		return 1;
	}
	return 0;
}

long md_sud_arm(void)
{
	if (!libc_gadget)
		return -ENOSYS;
	return md_syscall6(SYS_prctl, PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON,
			   (long)libc_lo, (long)(libc_hi - libc_lo), 0, 0);
}

/* Reads n bytes of the program's memory that may not be mapped: the
 * kernel's EFAULT, not a fault in the handler. */
static int copy_in(void *dst, const void *src, size_t n)
{
	struct iovec l = { dst, n }, r = { (void *)src, n };
	return md_syscall6(SYS_process_vm_readv, md_getpid(), (long)&l, 1, (long)&r, 1, 0) ==
		       (long)n ? 0 : -EFAULT;
}

static int copy_out(void *dst, const void *src, size_t n)
{
	struct iovec l = { (void *)src, n }, r = { dst, n };
	return md_syscall6(SYS_process_vm_writev, md_getpid(), (long)&l, 1, (long)&r, 1, 0) ==
		       (long)n ? 0 : -EFAULT;
}

/* ---- the program's SIGSYS ---- */

static struct md_ksigaction prog; /* SIG_DFL until the program sets one */

long md_sigsys_action(const struct md_ksigaction *act, struct md_ksigaction *old)
{
	struct md_ksigaction a;
	if (act && copy_in(&a, act, sizeof a) < 0)
		return -EFAULT;
	if (old && copy_out(old, &prog, sizeof prog) < 0)
		return -EFAULT;
	if (act)
		prog = a;
	return 0;
}

/* A SIGSYS that is not ours (seccomp's SECCOMP_RET_TRAP, kill): what the
 * program asked for.  Its default action ends the process with a core. */
static void chain(int sig, siginfo_t *si, void *ctx)
{
	void *h = prog.handler;
	if (h == (void *)SIG_IGN)
		return;
	if (h == (void *)SIG_DFL) {
		struct md_ksigaction dfl = { 0 };
		md_syscall6(SYS_rt_sigaction, SIGSYS, (long)&dfl, 0, 8, 0, 0);
		md_syscall6(SYS_tgkill, md_getpid(), md_syscall6(SYS_gettid, 0, 0, 0, 0, 0, 0),
			    SIGSYS, 0, 0, 0);
		return;
	}
	if (prog.flags & SA_RESETHAND)
		prog.handler = (void *)SIG_DFL;
	if (prog.flags & SA_SIGINFO)
		((void (*)(int, siginfo_t *, void *))h)(sig, si, ctx);
	else
		((void (*)(int))h)(sig);
}

/* ---- trapped calls that need more than the raw call ---- */

/* SIGSYS is never blocked (hooks_signal.c): a trap while it is would kill. */
static long sigprocmask_call(long how, const uint64_t *set, long old, long size)
{
	uint64_t s, o;
	long r;
	if (!set || size != 8)
		return md_syscall6(SYS_rt_sigprocmask, how, (long)set, old, size, 0, 0);
	if (copy_in(&s, set, 8) < 0)
		return -EFAULT;
	r = md_sigmask_call(how, &s, old ? &o : NULL, size);
	if (r >= 0 && old && copy_out((void *)old, &o, 8) < 0)
		return -EFAULT;
	return r;
}

/* The kernel's rt_sigaction through md_sigaction_call (hooks_signal.c):
 * SIGSYS stays the library's. */
static long sigaction_call(long sig, const struct md_ksigaction *act,
			   struct md_ksigaction *old, long size)
{
	struct md_ksigaction k, ko = { 0 };
	long r;
	if (size != 8)
		return md_syscall6(SYS_rt_sigaction, sig, (long)act, (long)old, size, 0, 0);
	if (act && copy_in(&k, act, sizeof k) < 0)
		return -EFAULT;
	r = md_sigaction_call((int)sig, act ? &k : NULL, old ? &ko : NULL);
	if (r >= 0 && old && copy_out(old, &ko, sizeof ko) < 0)
		return -EFAULT;
	return r;
}

/* A new task's registers, on its stack below the stack pointer it asked
 * for: the gadget's `ret` goes to md_sud_child (sud_entry.S), which calls
 * md_sud_child_start, reloads them and goes on where the clone returned,
 * as the kernel would have started it. */
enum { CHILD_THREAD, CHILD_FORK, CHILD_FOREIGN };
struct child_frame {
	uint64_t entry; /* md_sud_child, popped by the gadget's ret */
	uint64_t rbx, rbp, r12, r13, r14, r15, rdi, rsi, rdx, r10, r8, r9;
	uint64_t kind, pad;
	uint64_t rip;   /* at the asked stack pointer - 8 */
};

/* A thread with a TLS of its own (CLONE_SETTLS) belongs to another
 * runtime: the handler, which uses this library's TLS and errno, must not
 * run in it, so it is not armed. */
void md_sud_child_start(const uint64_t *regs);
void md_sud_child_start(const uint64_t *regs)
{
	const struct child_frame *f = (const void *)(regs - 1);
	if (f->kind == CHILD_FOREIGN)
		return;
	md_sud_arm();
	if (f->kind == CHILD_FORK)
		md_fork_child_raw();
}

static int child_kind(unsigned long flags)
{
	static int told;
	if (!(flags & CLONE_SETTLS))
		return flags & CLONE_VM ? CHILD_THREAD : CHILD_FORK;
	if (!__atomic_exchange_n(&told, 1, __ATOMIC_RELAXED))
		blind("a thread made by a raw clone with its own TLS is not followed: "
		      "its system calls outside libc are not seen");
	return CHILD_FOREIGN;
}

/* The new stack pointer with the frame below sp, or sp itself when the
 * stack cannot be written (the child then faults, as it would have). */
static uint64_t push_frame(const ucontext_t *uc, uint64_t sp, unsigned long flags)
{
	const greg_t *g = uc->uc_mcontext.gregs;
	struct child_frame f = {
		(uint64_t)md_sud_child, g[REG_RBX], g[REG_RBP], g[REG_R12], g[REG_R13], g[REG_R14],
		g[REG_R15], g[REG_RDI], g[REG_RSI], g[REG_RDX], g[REG_R10], g[REG_R8], g[REG_R9],
		(uint64_t)child_kind(flags), 0, g[REG_RIP] };
	uint64_t at = sp - sizeof f;
	return copy_out((void *)at, &f, sizeof f) < 0 ? sp : at;
}

/* A vfork on the caller's stack cannot run from the handler (the child
 * would return through it and spoil the parent's frame): run as a fork. */
static uint64_t no_vfork(uint64_t flags, uint64_t sp)
{
	if (!sp && (flags & (CLONE_VM | CLONE_VFORK)) == (CLONE_VM | CLONE_VFORK))
		flags &= ~(uint64_t)CLONE_VM;
	return flags;
}

static long clone_call(const ucontext_t *uc, long flags, long sp, long ptid, long ctid, long tls)
{
	flags = (long)no_vfork((uint64_t)flags, (uint64_t)sp);
	if (sp)
		sp = (long)push_frame(uc, (uint64_t)sp, (unsigned long)flags);
	if (!(flags & CLONE_VM))
		return md_fork_sys(SYS_clone, flags, sp, ptid, ctid, tls, 0);
	return md_syscall6(SYS_clone, flags, sp, ptid, ctid, tls, 0);
}

static long clone3_call(const ucontext_t *uc, const struct clone_args *ua, long size)
{
	struct clone_args a = { 0 };
	if (size < 64 || (size_t)size > sizeof a || copy_in(&a, ua, (size_t)size) < 0)
		return md_syscall6(SYS_clone3, (long)ua, size, 0, 0, 0, 0);
	a.flags = no_vfork(a.flags, a.stack);
	if (a.stack)
		a.stack_size = push_frame(uc, a.stack + a.stack_size, a.flags) - a.stack;
	if (!(a.flags & CLONE_VM))
		return md_fork_sys(SYS_clone3, (long)&a, size, 0, 0, 0, 0);
	return md_syscall6(SYS_clone3, (long)&a, size, 0, 0, 0, 0);
}

static long prctl_call(long a, long b, long c, long d, long e)
{
	if (a == PR_SET_SYSCALL_USER_DISPATCH)
		blind("the program set syscall user dispatch itself: system calls outside libc "
		      "are no longer seen in that thread");
	return md_syscall6(SYS_prctl, a, b, c, d, e, 0);
}

/* ---- the handler ---- */

static long trapped(ucontext_t *uc, long n, long a, long b, long c, long d, long e, long f)
{
	greg_t *g = uc->uc_mcontext.gregs;
	switch (n) {
	case SYS_rt_sigreturn: /* from the program's own restorer: libc's does it */
		g[REG_RIP] = (greg_t)md_restorer;
		return n;
	case SYS_rt_sigprocmask:
		return sigprocmask_call(a, (const uint64_t *)b, c, d);
	case SYS_rt_sigaction:
		return sigaction_call(a, (const void *)b, (void *)c, d);
	case SYS_fork:
	case SYS_vfork: /* on this stack: run as a fork */
		return md_fork_sys(SYS_fork, 0, 0, 0, 0, 0, 0);
	case SYS_clone:
		return clone_call(uc, a, b, c, d, e);
	case SYS_clone3:
		return clone3_call(uc, (const void *)a, b);
	case SYS_execve:
		return md_execve_sys((const char *)a, (char *const *)b, (char *const *)c);
	case SYS_prctl:
		return prctl_call(a, b, c, d, e);
	case SYS_close:
	case SYS_close_range:
	case SYS_dup2:
	case SYS_dup3:
		return md_fd_call(n, a, b, c, 0);
	}
	md_unseen_note(n);
	if (md_ev_of_nr(n)) {
		struct md_hook h;
		md_hook_enter_at(&h, (void *)g[REG_RIP], uc);
		return md_syscall_record(&h, MD_RF_RAW_SYSCALL | MD_RF_TRAPPED, n, a, b, c, d, e, f);
	}
	return md_syscall6(n, a, b, c, d, e, f);
}

static void on_sigsys(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	greg_t *g = uc->uc_mcontext.gregs;
	int saved = errno;
	if (si->si_code != SYS_USER_DISPATCH)
		chain(sig, si, ctx);
	else
		g[REG_RAX] = trapped(uc, si->si_syscall, g[REG_RDI], g[REG_RSI], g[REG_RDX],
				     g[REG_R10], g[REG_R8], g[REG_R9]);
	errno = saved;
}

void md_sud_init(void)
{
	const char *env = getenv("MDTRACE_SUD");
	struct sigaction sa = { .sa_sigaction = on_sigsys, .sa_flags = SA_SIGINFO | SA_NODEFER };
	struct md_ksigaction k;
	long r;

	if (env && !strcmp(env, "off")) {
		blind("syscall user dispatch is off (MDTRACE_SUD=off): system calls outside "
		      "libc are not seen");
		return;
	}
	void *libc = md_libc();
	dl_iterate_phdr(find_libc, libc ? dlsym(libc, "getpid") : NULL);
	if (!libc_gadget) {
		blind("no `syscall; ret` in libc's text: system calls outside libc are not seen");
		return;
	}
	md_syscall6(SYS_rt_sigaction, SIGSYS, 0, (long)&prog, 8, 0, 0);
	/* through libc, not patched yet: it supplies its restorer */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSYS, &sa, NULL);
	md_syscall6(SYS_rt_sigaction, SIGSYS, 0, (long)&k, 8, 0, 0);
	md_restorer = k.restorer;
	md_sys_gadget = libc_gadget;
	if ((r = md_sud_arm()) < 0) {
		md_sys_gadget = md_sys_own;
		md_syscall6(SYS_rt_sigaction, SIGSYS, (long)&prog, 0, 8, 0, 0);
		blind(r == -EINVAL ? "syscall user dispatch is not available (Linux 5.11+): "
				     "system calls outside libc are not seen"
				   : "syscall user dispatch refused: system calls outside libc are "
				     "not seen");
		return;
	}
	md_signal_hooks_install();
	md_sud_on = 1;
}

#else

void md_sud_init(void)
{
	md_writer_set_flag(MD_TF_BLIND);
	md_emit_simple(MD_EV_BLIND, 0, "syscall user dispatch is not used on this architecture: "
		       "system calls outside libc are not seen", 0);
}

long md_sud_arm(void)
{
	return -ENOSYS;
}

long md_sigsys_action(const struct md_ksigaction *act, struct md_ksigaction *old)
{
	(void)act, (void)old;
	return -ENOSYS;
}

#endif
