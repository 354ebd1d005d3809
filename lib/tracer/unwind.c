/* unwind.c - call stacks of stopped tasks with libunwind's ptrace
 * unwinder (libunwind-ptrace(3)): it reads the task's registers and stack
 * with ptrace and the unwind tables from the mapped files.
 *
 * Each image has an address space whose caches hold the unwind tables of
 * the code mapped in it; a mapping change (the image's generation) drops
 * them, and each task's ptrace state, which caches the last file found. */
#include "tasks.h"
#include "config.h"
#ifdef HAVE_LIBUNWIND
#include <libunwind-ptrace.h>

static unw_addr_space_t space(struct md_image *img)
{
	if (!img->as) {
		img->as = unw_create_addr_space(&_UPT_accessors, 0);
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
