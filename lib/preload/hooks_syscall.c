/* hooks_syscall.c - the recorded half of syscall(): hooks_entry.S routes
 * the system calls of events.def's NR column here and passes every other
 * number through itself.  A raw syscall has the kernel's semantics: no
 * glibc checks, and brk leaves __curbrk alone. */
#define _GNU_SOURCE
#include "hooks_common.h"
#include "events.h"
#include <sys/mman.h>
#include <sys/syscall.h>

#if defined(__x86_64__)

long md_syscall_error(long r);
long md_syscall_tracked(long n, long a, long b, long c, long d, long e, long f);

long md_syscall_error(long r)
{
	errno = (int)-r;
	return -1;
}

long md_syscall_record(struct md_hook *h, uint16_t flags, long n, long a, long b, long c,
		       long d, long e, long f)
{
	long old = 0, r;
	if (h->rec && n == SYS_brk)
		old = md_brk_now();
	r = md_syscall6(n, a, b, c, d, e, f);
	if (h->rec) {
		struct md_emit m = { .type = (uint16_t)md_ev_of_nr(n), .flags = flags,
			.err = n == SYS_brk ? 0 : md_err_of(r), .ret = (uint64_t)r,
			.args = { (uint64_t)a, (uint64_t)b, (uint64_t)c, (uint64_t)d, (uint64_t)e, (uint64_t)f } };
		int fd = -1;
		if (n == SYS_brk)
			m.args[1] = (uint64_t)old;
		else if (n == SYS_shmat) {
			m.args[3] = m.args[4] = m.args[5] = 0; /* not the caller's */
			md_shm_ident(m.args, r);
		}
		else if (n == SYS_mmap && !md_failed(r) && !(d & MAP_ANONYMOUS))
			fd = (int)e;
		md_hook_leave_fd(h, &m, fd);
	}
	return r;
}

long md_syscall_tracked(long n, long a, long b, long c, long d, long e, long f)
{
	int saved = errno;
	struct md_hook h;
	long r;

	md_hook_enter(&h);
	r = md_syscall_record(&h, MD_RF_RAW_SYSCALL, n, a, b, c, d, e, f);
	if (md_failed(r)) {
		errno = (int)-r;
		return -1;
	}
	errno = saved;
	return r;
}

#endif
