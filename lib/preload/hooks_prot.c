/* hooks_prot.c - mprotect and pkey_mprotect.  glibc's pkey_mprotect with
 * pkey -1 is plain mprotect (the kernel may lack pkey_mprotect). */
#define _GNU_SOURCE
#include "hooks_common.h"
#include <sys/mman.h>
#include <sys/syscall.h>

int md_hook_mprotect(void *addr, size_t len, int prot)
{
	return md_hook_simple(MD_EV_MPROTECT, SYS_mprotect, (uint64_t)addr, len, (uint64_t)prot);
}
MD_EXPORT(mprotect, md_hook_mprotect);

int md_hook_pkey_mprotect(void *addr, size_t len, int prot, int pkey)
{
	int saved = errno;
	struct md_hook h;
	long r;

	md_hook_enter(&h);
	if (pkey == -1)
		r = md_syscall6(SYS_mprotect, (long)addr, (long)len, (unsigned)prot, 0, 0, 0);
	else
		r = md_syscall6(SYS_pkey_mprotect, (long)addr, (long)len, (unsigned)prot, (unsigned)pkey, 0, 0);
	if (h.rec) {
		struct md_emit e = { .type = MD_EV_PKEY_MPROTECT, .err = md_err_of(r), .ret = (uint64_t)r,
			.args = { (uint64_t)addr, len, (uint64_t)prot, (uint64_t)pkey } };
		md_hook_leave(&h, &e);
	}
	if (md_failed(r)) {
		errno = (int)-r;
		return -1;
	}
	errno = saved;
	return 0;
}
MD_EXPORT(pkey_mprotect, md_hook_pkey_mprotect);
