/* hooks_shm.c - shmat (the record carries the segment size, from
 * IPC_STAT after the attach) and shmdt. */
#define _GNU_SOURCE
#include "hooks_common.h"
#include <sys/shm.h>
#include <sys/syscall.h>

uint64_t md_shm_size(int shmid)
{
	struct shmid_ds ds;

	if (md_syscall6(SYS_shmctl, shmid, IPC_STAT, (long)&ds, 0, 0, 0) != 0)
		return 0;
	return ds.shm_segsz;
}

void *md_hook_shmat(int shmid, const void *addr, int shmflg)
{
	int saved = errno;
	struct md_hook h;
	long r;

	md_hook_enter(&h);
	r = md_syscall6(SYS_shmat, shmid, (long)addr, shmflg, 0, 0, 0);
	if (h.rec) {
		struct md_emit e = { .type = MD_EV_SHMAT, .err = md_err_of(r), .ret = (uint64_t)r,
			.args = { (uint64_t)shmid, (uint64_t)addr, (uint64_t)shmflg,
				md_failed(r) ? 0 : md_shm_size(shmid) } };
		md_hook_leave(&h, &e);
	}
	if (md_failed(r)) {
		errno = (int)-r;
		return (void *)-1;
	}
	errno = saved;
	return (void *)r;
}

int md_hook_shmdt(const void *addr)
{
	return md_hook_simple(MD_EV_SHMDT, SYS_shmdt, (uint64_t)addr, 0, 0, 0);
}
