/* hooks_signal.c - while syscall user dispatch is armed (sud.c) SIGSYS is
 * the library's: a dispatch trap while SIGSYS is blocked would kill the
 * program.  libc's sigaction, sigprocmask and pthread_sigmask are patched
 * (as the mapping calls are) and reimplemented as glibc 2.36 does them,
 * except that
 *   - SIGSYS is never blocked, in a thread's mask or a handler's sa_mask,
 *     but a thread that blocked it sees it blocked in the masks it reads
 *     back, and a handler's sa_mask reads back as it was set;
 *   - sigaction(SIGSYS) sets and reads the program's handler, which the
 *     library's calls for every SIGSYS that is not a dispatch trap.
 * (mdtrace-preload(7), SYSTEM CALLS OUTSIDE LIBC.) */
#define _GNU_SOURCE
#include "hooks_common.h"
#include "patch.h"
#include "sud.h"
#include "xlat.h"
#include "writer.h"
#include <dlfcn.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>

#define BIT(sig) (1ull << ((sig) - 1))
#define SIGCANCEL 32 /* glibc's internal signals: never in a mask, no handler */
#define SIGSETXID 33

static __thread int sigsys_blocked __attribute__((tls_model("initial-exec")));
static uint64_t sigsys_in_mask; /* bit s: the handler of s asked for SIGSYS in sa_mask */

/* rt_sigprocmask with the set's value (or none), as the program asked. */
long md_sigmask_call(long how, const uint64_t *set, uint64_t *old, long size)
{
	int was = sigsys_blocked;
	uint64_t s;
	long r;
	if (!md_sud_on || size != 8)
		return md_syscall6(SYS_rt_sigprocmask, how, (long)set, (long)old, size, 0, 0);
	if (set)
		s = *set & ~BIT(SIGSYS);
	r = md_syscall6(SYS_rt_sigprocmask, how, set ? (long)&s : 0, (long)old, size, 0, 0);
	if (r < 0)
		return r;
	if (set && how == SIG_BLOCK)
		sigsys_blocked |= !!(*set & BIT(SIGSYS));
	else if (set && how == SIG_UNBLOCK)
		sigsys_blocked &= !(*set & BIT(SIGSYS));
	else if (set)
		sigsys_blocked = !!(*set & BIT(SIGSYS));
	if (old && was)
		*old |= BIT(SIGSYS);
	return r;
}

static int mask_hook(int how, const sigset_t *set, sigset_t *old)
{
	uint64_t s;
	long r;
	if (set) {
		memcpy(&s, set, 8);
		s &= ~(BIT(SIGCANCEL) | BIT(SIGSETXID));
	}
	r = md_sigmask_call(how, set ? &s : NULL, (uint64_t *)old, 8);
	return r < 0 ? (int)-r : 0;
}

static int md_hook_pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	return mask_hook(how, set, old);
}

static int md_hook_sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	int r = mask_hook(how, set, old);
	if (r) {
		errno = r;
		return -1;
	}
	return 0;
}

/* rt_sigaction in the kernel's layout, act and old in the library's
 * memory: SIGSYS stays out of sa_mask but reads back as set, and SIGSYS's
 * own action is the program's (md_sigsys_action).  For libc's sigaction
 * and for a trapped rt_sigaction (sud.c). */
long md_sigaction_call(int sig, const struct md_ksigaction *act, struct md_ksigaction *old)
{
	struct md_ksigaction k;
	uint64_t asked = BIT(sig) & sigsys_in_mask;
	long r;
	if (act) {
		k = *act;
		if (md_sud_on)
			k.mask &= ~BIT(SIGSYS);
	}
	if (md_sud_on && sig == SIGSYS)
		r = md_sigsys_action(act ? &k : NULL, old);
	else
		r = md_syscall6(SYS_rt_sigaction, sig, act ? (long)&k : 0, (long)old, 8, 0, 0);
	if (r < 0)
		return r;
	if (old && asked)
		old->mask |= BIT(SIGSYS);
	if (act && md_sud_on && sig != SIGSYS) {
		if (act->mask & BIT(SIGSYS))
			__atomic_fetch_or(&sigsys_in_mask, BIT(sig), __ATOMIC_RELAXED);
		else
			__atomic_fetch_and(&sigsys_in_mask, ~BIT(sig), __ATOMIC_RELAXED);
	}
	return r;
}

/* glibc's sigaction: its restorer, the user layout. */
static long action_call(int sig, const struct sigaction *act, struct sigaction *old)
{
	struct md_ksigaction k, ko = { 0 };
	long r;
	if (act) {
		k.handler = (void *)act->sa_handler;
		memcpy(&k.mask, &act->sa_mask, 8);
		k.flags = (unsigned long)act->sa_flags | SA_RESTORER;
		k.restorer = md_restorer;
	}
	r = md_sigaction_call(sig, act ? &k : NULL, old ? &ko : NULL);
	if (r < 0 || !old)
		return r;
	memset(old, 0, sizeof *old);
	old->sa_handler = (void (*)(int))ko.handler;
	memcpy(&old->sa_mask, &ko.mask, 8);
	old->sa_flags = (int)ko.flags;
	old->sa_restorer = (void (*)(void))ko.restorer;
	return r;
}

static int md_hook_sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	long r;
	if (sig <= 0 || sig >= NSIG || sig == SIGCANCEL || sig == SIGSETXID) {
		errno = EINVAL;
		return -1;
	}
	r = action_call(sig, act, old);
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return 0;
}

/* Patched after the library's SIGSYS handler is in place; a function left
 * unpatched is declared blind (md_patch_named). */
void md_signal_hooks_install(void)
{
	static const struct md_named_hook hooks[] = {
		{ "sigaction", (void *)md_hook_sigaction },
		{ "sigprocmask", (void *)md_hook_sigprocmask },
		{ "pthread_sigmask", (void *)md_hook_pthread_sigmask },
	};
	md_patch_list(hooks, sizeof hooks / sizeof *hooks,
		      "a program that blocks SIGSYS with it is killed by its next system call "
		      "outside libc");
}
