/* unseen.c - the calls of unseen.def: a blind record the first time each
 * is made, then the call itself. */
#define _GNU_SOURCE
#include "hooks_common.h"
#include "patch.h"
#include "pp.h"
#include "writer.h"
#include <dlfcn.h>
#include <sys/syscall.h>
#include <sys/uio.h>

long md_syscall_unseen(long n, long a, long b, long c, long d, long e, long f);

/* libc's wrapper of each: a plain system call (x86_64 passes every
 * argument in a full register, so one shape fits them all) */
#define MD_UNSEEN(nr, libc, text)                                                        \
	static long md_unseen_##nr(long a, long b, long c, long d, long e, long f)        \
	{                                                                                 \
		return md_syscall_unseen(__NR_##nr, a, b, c, d, e, f);                      \
	}
#include "unseen.def"
#undef MD_UNSEEN

#define MD_NAME(_, n) #n,
static const struct {
	long nr;
	const char *text;
	const char *libc[2];
	void *hook;
} unseen[] = {
#define MD_UNSEEN(nr, libc, text) { __NR_##nr, text, { MD_PP_EACH_LIST(MD_NAME, _, libc) }, \
				    (void *)md_unseen_##nr },
#include "unseen.def"
#undef MD_UNSEEN
};

static int told[sizeof unseen / sizeof *unseen];

/* The blind record of nr the first time; 0 if nr is not in unseen.def. */
int md_unseen_note(long nr)
{
	for (unsigned i = 0; i < sizeof unseen / sizeof *unseen; i++)
		if (unseen[i].nr == nr) {
			if (__atomic_load_n(&md_active, __ATOMIC_ACQUIRE) &&
			    !__atomic_exchange_n(&told[i], 1, __ATOMIC_RELAXED)) {
				md_writer_set_flag(MD_TF_BLIND);
				md_emit_simple(MD_EV_BLIND, 0, unseen[i].text, 0);
			}
			return 1;
		}
	return 0;
}

/* syscall() of an unseen.def number (hooks_entry.S), and libc's wrappers */
long md_syscall_unseen(long n, long a, long b, long c, long d, long e, long f)
{
	int saved = errno;
	long r;
	md_unseen_note(n);
	r = md_syscall6(n, a, b, c, d, e, f);
	if (md_failed(r)) {
		errno = (int)-r;
		return -1;
	}
	errno = saved;
	return r;
}

/* libc's wrappers of unseen.def, patched like the mapping calls. */
void md_unseen_install(void *libc)
{
	for (unsigned i = 0; i < sizeof unseen / sizeof *unseen; i++)
		if (unseen[i].libc[0])
			md_patch_named(libc, unseen[i].libc[0], unseen[i].hook,
				       "its calls are not declared blind");
}
