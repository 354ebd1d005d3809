/* hooks_madvise.c - madvise and posix_madvise.  glibc's posix_madvise
 * ignores POSIX_MADV_DONTNEED (returns 0, no syscall: the kernel's
 * MADV_DONTNEED would drop data) and returns the error number instead of
 * setting errno. */
#define _GNU_SOURCE
#include "hooks_common.h"
#include <sys/mman.h>
#include <sys/syscall.h>

int md_hook_madvise(void *addr, size_t len, int advice)
{
	return md_hook_simple(MD_EV_MADVISE, SYS_madvise, (uint64_t)addr, len, (uint64_t)advice, 0);
}

int md_hook_posix_madvise(void *addr, size_t len, int advice)
{
	int saved = errno;
	struct md_hook h;
	long r = 0;

	md_hook_enter(&h);
	if (advice != POSIX_MADV_DONTNEED)
		r = md_syscall6(SYS_madvise, (long)addr, (long)len, (unsigned)advice, 0, 0, 0);
	if (h.rec) {
		struct md_emit e = { .type = MD_EV_POSIX_MADVISE, .err = (int32_t)-r, .ret = (uint64_t)-r,
			.args = { (uint64_t)addr, len, (uint64_t)advice } };
		md_hook_leave(&h, &e);
	}
	errno = saved;
	return (int)-r;
}
