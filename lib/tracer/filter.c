/* filter.c - the seccomp filter (filter.h), made from events.def and
 * unseen.def: no system call number is listed here. */
#define _GNU_SOURCE
#include "filter.h"
#include "events.h"
#include <errno.h>
#include <stddef.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NATIVE AUDIT_ARCH_X86_64
#define FOREIGN_BIT 0x40000000u /* __X32_SYSCALL_BIT */
#elif defined(__aarch64__)
#define NATIVE AUDIT_ARCH_AARCH64
#define FOREIGN_BIT 0
#endif

static const struct {
	long nr;
	const char *text;
} unseen[] = {
#define MD_UNSEEN(nr, libc, text) { __NR_##nr, text },
#include "unseen.def"
#undef MD_UNSEEN
};
#define NUNSEEN (sizeof unseen / sizeof *unseen)

int md_filter_unseen(long nr, const char **text, unsigned *bit)
{
	for (unsigned i = 0; i < NUNSEEN; i++)
		if (unseen[i].nr == nr) {
			*text = unseen[i].text;
			*bit = 1u << i;
			return 1;
		}
	return 0;
}

#define STMT(code, k) ((struct sock_filter)BPF_STMT(code, k))
#define JEQ(k, t, f) ((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k, t, f))

int md_filter_install(void)
{
#ifdef NATIVE
	struct sock_filter f[8 + MD_EV_MAX + NUNSEEN];
	long nrs[MD_EV_MAX + NUNSEEN];
	unsigned n = 0, k = 0;
	for (unsigned t = 0; t < MD_EV_MAX; t++)
		if ((md_ev_info(t)->flags & MD_EVF_CALL) && md_ev_info(t)->nr >= 0)
			nrs[k++] = md_ev_info(t)->nr;
	for (unsigned i = 0; i < NUNSEEN; i++)
		nrs[k++] = unseen[i].nr;
	/* arch != native: trace (the supervisor declares it blind) */
	f[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	f[n++] = JEQ(NATIVE, 1, 0);
	f[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	f[n++] = STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	if (FOREIGN_BIT) {
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, FOREIGN_BIT, 0, 1);
		f[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	}
	/* each listed number jumps to the final RET_TRACE */
	for (unsigned i = 0; i < k; i++)
		f[n++] = JEQ((unsigned)nrs[i], (unsigned char)(k - i), 0);
	f[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[n++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
	struct sock_fprog prog = { .len = (unsigned short)n, .filter = f };
	/* Without CAP_SYS_ADMIN a filter needs no_new_privs (which a
	 * supervised program could not use anyway: ptrace drops set-id). */
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
		return 0;
	if (errno == EACCES && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
		return 0;
	return -errno;
#else
	return -ENOSYS;
#endif
}
