/* lock.c - md_order_lock: a futex lock whose word is the owner's tid, so
 * the owner re-enters (a signal handler mapping memory mid-hook goes on),
 * taken across fork so the child never inherits it half-held. */
#define _GNU_SOURCE
#include "writer.h"
#include "sys.h"
#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>

#define WAITERS 0x40000000
#define TID_MASK 0x3fffffff

static int word;      /* owner tid | WAITERS, 0 when free */
static unsigned depth; /* touched by the owner only */

static void futex(int op, int val)
{
	md_syscall6(SYS_futex, (long)&word, op | FUTEX_PRIVATE_FLAG, val, 0, 0, 0);
}

void md_order_lock(void)
{
	int me = md_tid(), want = me, w;
	if ((__atomic_load_n(&word, __ATOMIC_RELAXED) & TID_MASK) == me) {
		depth++;
		return;
	}
	for (;;) {
		w = 0;
		if (__atomic_compare_exchange_n(&word, &w, want, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			break;
		if (!(w & WAITERS) &&
		    !__atomic_compare_exchange_n(&word, &w, w | WAITERS, 0, __ATOMIC_RELAXED,
						 __ATOMIC_RELAXED))
			continue;
		futex(FUTEX_WAIT, w | WAITERS);
		/* others may still sleep: keep the bit when we take it */
		want = me | WAITERS;
	}
	depth = 1;
}

/* Releases by compare-and-swap on our own tid: if a signal handler already
 * released it (interrupting us between depth=0 and here), we do nothing. */
void md_order_unlock(void)
{
	int me = md_tid(), w;
	if (depth > 1) {
		depth--;
		return;
	}
	depth = 0;
	for (;;) {
		w = __atomic_load_n(&word, __ATOMIC_RELAXED);
		if ((w & TID_MASK) != me)
			return;
		if (__atomic_compare_exchange_n(&word, &w, 0, 0, __ATOMIC_RELEASE,
						__ATOMIC_RELAXED))
			break;
	}
	if (w & WAITERS)
		futex(FUTEX_WAKE, 1);
}

/* In a fork child only the forking thread exists: whatever the parent's
 * threads held is gone. */
void md_lock_child_reset(void)
{
	word = 0;
	depth = 0;
}
