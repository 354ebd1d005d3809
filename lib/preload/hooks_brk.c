/* hooks_brk.c - brk.  Like glibc's __brk: libc's __curbrk takes the
 * kernel's answer, and a break below the request fails with ENOMEM.  sbrk
 * is not hooked: it calls __brk, whose patched entry lands here, and reads
 * __curbrk, which stays glibc's own variable (mdtrace-preload(7), LIBC-INTERNAL CALLS). */
#define _GNU_SOURCE
#include "hooks_common.h"
#include <sys/syscall.h>

extern void *__curbrk __attribute__((visibility("default")));

/* The kernel's break now (brk(0) changes nothing). */
long md_brk_now(void)
{
	return md_syscall6(SYS_brk, 0, 0, 0, 0, 0, 0);
}

int md_hook_brk(void *addr)
{
	int saved = errno;
	struct md_hook h;
	long old = 0, r;

	md_hook_enter(&h);
	if (h.rec)
		old = md_brk_now();
	r = md_syscall6(SYS_brk, (long)addr, 0, 0, 0, 0, 0);
	__curbrk = (void *)r;
	int fail = (unsigned long)r < (unsigned long)addr;
	if (h.rec) {
		struct md_emit e = { .type = MD_EV_BRK, .err = fail ? ENOMEM : 0, .ret = (uint64_t)r,
			.args = { (uint64_t)addr, (uint64_t)old } };
		md_hook_leave(&h, &e);
	}
	if (fail) {
		errno = ENOMEM;
		return -1;
	}
	errno = saved;
	return 0;
}
