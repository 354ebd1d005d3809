/* sys_capture.c - sys.h's mmap/munmap/mremap for the core inside
 * libmdtrace: the tables' memory is mdtrace's, recorded as the tool's
 * (MD_RF_TOOL) through the capture, so the trace and /proc/self/maps
 * still agree.  The core asks only for private anonymous read-write
 * memory and MREMAP_MAYMOVE. */
#define _GNU_SOURCE
#include "api.h"
#include "sys.h"
#include <sys/mman.h>

void *md_sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = md_cap && !addr && fd == -1 && !off ? md_cap->map(len) : NULL;
	(void)prot;
	(void)flags;
	return p ? p : MAP_FAILED;
}

int md_sys_munmap(void *addr, size_t len)
{
	if (!md_cap)
		return -1;
	md_cap->unmap(addr, len);
	return 0;
}

void *md_sys_mremap(void *old, size_t oldlen, size_t newlen, int flags)
{
	void *p = md_cap && flags == MREMAP_MAYMOVE ? md_cap->remap(old, oldlen, newlen) : NULL;
	return p ? p : MAP_FAILED;
}
