/* lock.h - md_order_lock's uncontended path (lock.c has the rest),
 * inlined into the hooks: see emit_inline.h for why. */
#ifndef MD_LOCK_H
#define MD_LOCK_H
#include "emit.h"

/* md_order_lock's word (lock.c): owner tid | WAITERS, 0 when free; depth
 * is touched by the owner only. */
#define MD_LOCK_WAITERS 0x40000000
#define MD_LOCK_TID_MASK 0x3fffffff
struct md_lock {
	int word;
	unsigned depth;
};
extern struct md_lock md_lock;
void md_order_lock_slow(void);
void md_order_unlock_slow(void);

/* The uncontended lock and unlock; anything else is lock.c's. */
MD_INLINE void md_order_lock_inline(void)
{
	int me = md_tid_inline(), w = __atomic_load_n(&md_lock.word, __ATOMIC_RELAXED);
	if ((w & MD_LOCK_TID_MASK) == me) {
		md_lock.depth++;
		return;
	}
	w = 0;
	if (__atomic_compare_exchange_n(&md_lock.word, &w, me, 0, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED)) {
		md_lock.depth = 1;
		return;
	}
	md_order_lock_slow();
}

MD_INLINE void md_order_unlock_inline(void)
{
	int w = md_tid_inline();
	if (md_lock.depth > 1) {
		md_lock.depth--;
		return;
	}
	md_lock.depth = 0;
	if (!__atomic_compare_exchange_n(&md_lock.word, &w, 0, 0, __ATOMIC_RELEASE,
					 __ATOMIC_RELAXED))
		md_order_unlock_slow();
}

#endif
