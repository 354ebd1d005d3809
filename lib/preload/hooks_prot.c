/* hooks_prot.c - mprotect and pkey_mprotect.  glibc's pkey_mprotect with
 * pkey -1 is plain mprotect (the kernel may lack pkey_mprotect). */
#define _GNU_SOURCE
#include "hooks_common.h"
#include <sys/mman.h>
#include <sys/syscall.h>

int md_hook_mprotect(void *addr, size_t len, int prot)
{
	return md_hook_simple(MD_EV_MPROTECT, SYS_mprotect, (uint64_t)addr, len, (uint64_t)prot, 0);
}

int md_hook_pkey_mprotect(void *addr, size_t len, int prot, int pkey)
{
	return md_hook_simple(MD_EV_PKEY_MPROTECT, pkey == -1 ? SYS_mprotect : SYS_pkey_mprotect,
			      (uint64_t)addr, len, (uint64_t)prot, (uint64_t)pkey);
}
