/* lock.c - md_order_lock: a futex lock whose word is the owner's tid, so
 * the owner re-enters (a signal handler mapping memory mid-hook goes on),
 * taken across fork so the child never inherits it half-held. */
#define _GNU_SOURCE
#include "writer.h"
#include "lock.h"
#include "sys.h"
#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>

struct md_lock md_lock;

static void futex(int op, int val)
{
	md_syscall6(SYS_futex, (long)&md_lock.word, op | FUTEX_PRIVATE_FLAG, val, 0, 0, 0);
}

void md_order_lock_slow(void)
{
	int me = md_tid(), want = me, w;
	if ((__atomic_load_n(&md_lock.word, __ATOMIC_RELAXED) & MD_LOCK_TID_MASK) == me) {
		md_lock.depth++;
		return;
	}
	for (;;) {
		w = 0;
		if (__atomic_compare_exchange_n(&md_lock.word, &w, want, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			break;
		if (!(w & MD_LOCK_WAITERS) &&
		    !__atomic_compare_exchange_n(&md_lock.word, &w, w | MD_LOCK_WAITERS, 0,
						 __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			continue;
		futex(FUTEX_WAIT, w | MD_LOCK_WAITERS);
		/* others may still sleep: keep the bit when we take it */
		want = me | MD_LOCK_WAITERS;
	}
	md_lock.depth = 1;
}

/* The release when the word was not just our tid: waiters to wake, or a
 * signal handler already released it (interrupting us between depth = 0
 * and the compare-and-swap), in which case we do nothing. */
void md_order_unlock_slow(void)
{
	int me = md_tid(), w;
	for (;;) {
		w = __atomic_load_n(&md_lock.word, __ATOMIC_RELAXED);
		if ((w & MD_LOCK_TID_MASK) != me)
			return;
		if (__atomic_compare_exchange_n(&md_lock.word, &w, 0, 0, __ATOMIC_RELEASE,
						__ATOMIC_RELAXED))
			break;
	}
	if (w & MD_LOCK_WAITERS)
		futex(FUTEX_WAKE, 1);
}

/* In a fork child only the forking thread exists: whatever the parent's
 * threads held is gone. */
void md_lock_child_reset(void)
{
	md_lock.word = 0;
	md_lock.depth = 0;
}

void md_order_lock(void)
{
	md_order_lock_inline();
}

void md_order_unlock(void)
{
	md_order_unlock_inline();
}
