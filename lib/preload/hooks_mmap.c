/* hooks_mmap.c - mmap/mmap64, munmap and mremap, as glibc 2.36 does them:
 * mmap refuses an offset that is not a multiple of 4096 itself (EINVAL
 * without a syscall), mremap refuses flags above 7 itself and passes
 * new_address only with MREMAP_FIXED or MREMAP_DONTUNMAP (else NULL). */
#define _GNU_SOURCE
#include "hooks_common.h"
#include "prim.h"
#include <fcntl.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

void *md_hook_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	int saved = errno;
	struct md_hook h;
	long r;

	md_hook_enter(&h);
	if (off & 4095)
		r = -EINVAL;
	else
		r = md_syscall6(SYS_mmap, (long)addr, (long)len, (unsigned)prot, (unsigned)flags, (unsigned)fd, off);
	if (h.rec) {
		struct md_emit e = { .type = MD_EV_MMAP, .err = md_err_of(r), .ret = (uint64_t)r,
			.args = { (uint64_t)addr, len, (uint64_t)prot, (uint64_t)flags, (uint64_t)fd, (uint64_t)off } };
		md_hook_leave_fd(&h, &e, md_failed(r) || (flags & MAP_ANONYMOUS) ? -1 : fd);
	}
	if (md_failed(r)) {
		errno = (int)-r;
		return MAP_FAILED;
	}
	errno = saved;
	return (void *)r;
}

int md_hook_munmap(void *addr, size_t len)
{
	return md_hook_simple(MD_EV_MUNMAP, SYS_munmap, (uint64_t)addr, len, 0, 0);
}

void *md_hook_mremap(void *old, size_t oldlen, size_t newlen, int flags, ...)
{
	int saved = errno;
	void *to = 0;
	struct md_hook h;
	long r;

	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) {
		va_list ap;
		va_start(ap, flags);
		to = va_arg(ap, void *);
		va_end(ap);
	}
	md_hook_enter(&h);
	if ((unsigned)flags > 7)
		r = -EINVAL;
	else
		r = md_syscall6(SYS_mremap, (long)old, (long)oldlen, (long)newlen, (unsigned)flags, (long)to, 0);
	if (h.rec) {
		struct md_emit e = { .type = MD_EV_MREMAP, .err = md_err_of(r), .ret = (uint64_t)r,
			.args = { (uint64_t)old, oldlen, newlen, (uint64_t)flags, (uint64_t)to } };
		md_hook_leave(&h, &e);
	}
	if (md_failed(r)) {
		errno = (int)-r;
		return MAP_FAILED;
	}
	errno = saved;
	return (void *)r;
}

void md_emit_file(struct md_emit *e, const uint64_t *frames, unsigned n, int fd)
{
	struct md_file_id id = { 0 };
	struct stat st;
	char path[4096];
	long r;

#ifdef SYS_fstat
	r = md_syscall6(SYS_fstat, fd, (long)&st, 0, 0, 0, 0);
#else
	r = md_syscall6(SYS_newfstatat, fd, (long)"", (long)&st, AT_EMPTY_PATH, 0, 0);
#endif
	if (r == 0) {
		id.dev = st.st_dev;
		id.ino = st.st_ino;
		id.mode = st.st_mode;
	}
	id.path_len = (uint32_t)md_fd_path(fd, path, sizeof path);
	e->extra = &id;
	e->extra_len = sizeof id;
	e->extra2 = path;
	e->extra2_len = id.path_len;
	md_emit(e, frames, n);
}
