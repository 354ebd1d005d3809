/* hooks_shm.c - shmat (the record carries the segment's size and key,
 * from IPC_STAT after the attach, and its device, from /proc/self/maps)
 * and shmdt. */
#define _GNU_SOURCE
#include "hooks_common.h"
#include "writer.h"
#include <sys/shm.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>

static uint64_t hex(const char **p, const char *end)
{
	uint64_t v = 0;
	for (; *p < end; (*p)++) {
		char c = **p;
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			break;
		v = v << 4 | (uint64_t)d;
	}
	return v;
}

/* The kernel's shmem device of the segment mapped at addr, from
 * /proc/self/maps (the order lock is held: md_maps_read); 0 if not found. */
static uint64_t shm_dev(uint64_t addr)
{
	uint32_t len;
	const char *s = md_maps_read(&len), *end = s ? s + len : NULL;
	for (const char *l = s; l && l < end;) {
		const char *p = l;
		uint64_t a = hex(&p, end);
		if (a == addr && p < end && *p == '-') {
			for (int field = 0; field < 3 && p < end; p++) /* to the device */
				field += *p == ' ';
			uint64_t maj = hex(&p, end);
			p += p < end && *p == ':';
			uint64_t min = hex(&p, end);
			return MD_SHM_DEV_KNOWN | makedev(maj, min);
		}
		while (l < end && *l++ != '\n')
			;
	}
	return 0;
}

/* What a shmat record carries of the segment: args[3] its size, args[4]
 * its device (MD_SHM_DEV_KNOWN set) and args[5] its key (mdtrace-trace(5),
 * RECORD TYPES); nothing when the attach failed. */
void md_shm_ident(uint64_t *args, long r)
{
	struct shmid_ds ds;
	if (md_failed(r) || md_syscall6(SYS_shmctl, (long)args[0], IPC_STAT, (long)&ds, 0, 0, 0))
		return;
	args[3] = ds.shm_segsz;
	args[4] = shm_dev((uint64_t)r);
	args[5] = (uint32_t)ds.shm_perm.__key;
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
			.args = { (uint64_t)shmid, (uint64_t)addr, (uint64_t)shmflg } };
		md_shm_ident(e.args, r);
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
