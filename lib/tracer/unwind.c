/* unwind.c - call stacks of stopped tasks with libunwind's ptrace
 * unwinder (libunwind-ptrace(3)): it reads the task's registers and stack
 * with ptrace and the unwind tables from the mapped files.
 *
 * Each image has an address space whose caches hold the unwind tables of
 * the code mapped in it; a mapping change (the image's generation) drops
 * them, and each task's ptrace state, which caches the last file found. */
#define _GNU_SOURCE
#include "tasks.h"
#include "config.h"
#ifdef HAVE_LIBUNWIND
#include <libunwind-ptrace.h>
#include <string.h>
#include <sys/uio.h>

/* Reading the stack: libunwind's ptrace accessors read a word per
 * PTRACE_PEEKDATA; a stack walk reads tens of words from a few pages, so
 * each page is read once per walk with process_vm_readv. */
#define PAGES 8
static struct {
	int tid;
	unsigned n, next;
	uint64_t base[PAGES];
	uint8_t data[PAGES][4096];
} mem;
static unw_accessors_t acc;

static int cached_word(unw_word_t addr, unw_word_t *val)
{
	uint64_t base = addr & ~4095ull, off = addr & 4095;
	unsigned i;
	if (off > 4096 - sizeof *val)
		return -1;
	for (i = 0; i < mem.n && mem.base[i] != base; i++)
		;
	if (i == mem.n) {
		i = mem.n < PAGES ? mem.n++ : mem.next++ % PAGES;
		struct iovec l = { mem.data[i], 4096 }, r = { (void *)base, 4096 };
		if (process_vm_readv(mem.tid, &l, 1, &r, 1, 0) != 4096) {
			mem.base[i] = 0;
			return -1;
		}
		mem.base[i] = base;
	}
	memcpy(val, mem.data[i] + off, sizeof *val);
	return 0;
}

static int access_mem(unw_addr_space_t as, unw_word_t addr, unw_word_t *val, int write,
		      void *arg)
{
	if (!write && cached_word(addr, val) == 0)
		return 0;
	return _UPT_accessors.access_mem(as, addr, val, write, arg);
}

static unw_addr_space_t space(struct md_image *img)
{
	if (!acc.access_mem) {
		acc = _UPT_accessors;
		acc.access_mem = access_mem;
	}
	if (!img->as) {
		img->as = unw_create_addr_space(&acc, 0);
		if (img->as)
			unw_set_caching_policy(img->as, UNW_CACHE_GLOBAL);
	}
	return img->as;
}

unsigned md_remote_stack(struct md_task *t, uint64_t *frames, unsigned max)
{
	unw_addr_space_t as = space(t->img);
	unw_cursor_t c;
	unsigned n = 0;
	if (!as || !max)
		return 0;
	if (t->upt && t->upt_gen != t->img->gen) {
		_UPT_destroy(t->upt);
		t->upt = NULL;
	}
	if (!t->upt) {
		unw_flush_cache(as, 0, 0);
		t->upt = _UPT_create(t->tid);
		t->upt_gen = t->img->gen;
	}
	mem.tid = t->tid;
	mem.n = mem.next = 0; /* the task ran since the last walk */
	if (!t->upt || unw_init_remote(&c, as, t->upt) < 0)
		return 0;
	do {
		unw_word_t ip;
		if (unw_get_reg(&c, UNW_REG_IP, &ip) < 0 || !ip)
			break;
		frames[n++] = ip;
	} while (n < max && unw_step(&c) > 0);
	return n;
}

void md_remote_stack_forget(struct md_task *t)
{
	if (t->upt)
		_UPT_destroy(t->upt);
	t->upt = NULL;
}

void md_remote_stack_image_gone(struct md_image *img)
{
	if (img->as)
		unw_destroy_addr_space(img->as);
	img->as = NULL;
}
#else
unsigned md_remote_stack(struct md_task *t, uint64_t *frames, unsigned max)
{
	(void)t, (void)frames, (void)max;
	return 0;
}

void md_remote_stack_forget(struct md_task *t)
{
	(void)t;
}

void md_remote_stack_image_gone(struct md_image *img)
{
	(void)img;
}
#endif
