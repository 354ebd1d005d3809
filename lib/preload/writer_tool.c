/* writer_tool.c - mdtrace's own memory (raw mappings recorded as the
 * tool's) and /proc/self/maps read into it. */
#define _GNU_SOURCE
#include "writer.h"
#include "fds.h"
#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static void tool_record(uint16_t type, void *p, size_t len, long ret)
{
	struct md_emit e = { .type = type, .flags = MD_RF_TOOL | MD_RF_RAW_SYSCALL };
	e.args[0] = (uint64_t)p;
	e.args[1] = len;
	if (type == MD_EV_MMAP) {
		e.args[0] = 0;
		e.args[2] = PROT_READ | PROT_WRITE;
		e.args[3] = MAP_PRIVATE | MAP_ANONYMOUS;
		e.args[4] = (uint64_t)-1;
	}
	e.ret = (uint64_t)ret;
	if (ret < 0 && ret > -4096) {
		e.err = (int)-ret;
	}
	md_emit(&e, NULL, 0);
}

void *md_tool_map(size_t len)
{
	long r;
	void *p;
	md_order_lock();
	r = md_syscall6(SYS_mmap, 0, (long)len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (md_w.seeded)
		tool_record(MD_EV_MMAP, NULL, len, r);
	md_order_unlock();
	p = (unsigned long)r > -4096UL ? NULL : (void *)r;
	return p;
}

void md_tool_unmap(void *p, size_t len)
{
	long r;
	md_order_lock();
	r = md_syscall6(SYS_munmap, (long)p, (long)len, 0, 0, 0, 0);
	if (md_w.seeded)
		tool_record(MD_EV_MUNMAP, p, len, r);
	md_order_unlock();
}

void *md_tool_remap(void *p, size_t oldlen, size_t len)
{
	struct md_emit e = { .type = MD_EV_MREMAP, .flags = MD_RF_TOOL | MD_RF_RAW_SYSCALL,
			     .args = { (uint64_t)p, oldlen, len, MREMAP_MAYMOVE } };
	long r;
	md_order_lock();
	r = md_syscall6(SYS_mremap, (long)p, (long)oldlen, (long)len, MREMAP_MAYMOVE, 0, 0);
	e.ret = (uint64_t)r;
	e.err = (unsigned long)r > -4096UL ? (int)-r : 0;
	if (md_w.seeded)
		md_emit(&e, NULL, 0);
	md_order_unlock();
	return (unsigned long)r > -4096UL ? NULL : (void *)r;
}

/* ---- /proc/self/maps ---- */

static char *mbuf;
static size_t mcap;

/* Reads the whole file into one buffer; when the buffer must grow the read
 * starts again, so the text is one snapshot taken after the growth. */
const char *md_maps_read(uint32_t *len)
{
	size_t off = 0, n;
	int fd;
	*len = 0;
	if (!mbuf) {
		mcap = 256 << 10;
		if (!(mbuf = md_tool_map(mcap)))
			return NULL;
	}
	if ((fd = md_fd_maps()) < 0 || md_sys3(SYS_lseek, fd, 0, SEEK_SET) < 0)
		return NULL;
	for (;;) {
		n = md_read_full(fd, mbuf + off, mcap - off);
		if (!n)
			break;
		off += n;
		if (off == mcap) {
			char *nb = mcap * 2 <= MD_REC_MAX / 2 ? md_tool_map(mcap * 2) : NULL;
			if (!nb)
				break;
			md_tool_unmap(mbuf, mcap);
			mbuf = nb;
			mcap *= 2;
			off = 0;
			md_sys3(SYS_lseek, fd, 0, SEEK_SET);
		}
	}
	*len = (uint32_t)off;
	return mbuf;
}

const char *md_emit_seed(uint32_t *len)
{
	struct md_emit e = { .type = MD_EV_SEED };
	md_order_lock();
	e.extra = md_maps_read(len);
	e.extra_len = *len;
	md_emit(&e, NULL, 0);
	md_w.seeded = 1;
	md_order_unlock();
	return e.extra;
}
