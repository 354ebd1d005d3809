/* hooks_common.h - what every hook shares: the record/lock protocol.
 *
 * A hook reimplements its libc function entirely (the real call is a raw
 * system call), so reaching it through the patched libc entry, through the
 * program's PLT (hooks_entry.S) or through syscall() all end in the same
 * code. */
#ifndef MD_HOOKS_COMMON_H
#define MD_HOOKS_COMMON_H
#include <errno.h>
#include <stdint.h>
#include "emit.h"
#include "emit_inline.h"
#include "lock.h"
#include "sys.h"

/* Ids in MD_EV_BLIND args[0]: the MD_EV_* of the function's record, and
 * MD_HOOK_ID_SYSCALL for syscall(). */
#define MD_HOOK_ID_SYSCALL 0x100

struct md_hook {
	int rec;          /* 0: pass through, nothing recorded */
	int outer;        /* 1: this call set md_in_hook */
	uint64_t t0, pre; /* a timed call: the clock at entry, units before the call */
	uint16_t flags;
	unsigned n;
	uint64_t frames[MD_STACK_MAX];
};

/* A raw result in the kernel's error range. */
MD_INLINE int md_failed(long r)
{
	return (unsigned long)r > -4096UL;
}

MD_INLINE int32_t md_err_of(long r)
{
	return md_failed(r) ? (int32_t)-r : 0;
}

/* Calls made on mdtrace's behalf (init.c): during the self-test, or from
 * the text of this library or of libunwind. */
extern int md_self_testing;
extern uintptr_t md_tool_lo[2], md_tool_hi[2];

MD_INLINE int md_tool_caller(const void *ra)
{
	uintptr_t a = (uintptr_t)ra;
	return md_self_testing || a - md_tool_lo[0] < md_tool_hi[0] - md_tool_lo[0] ||
	       a - md_tool_lo[1] < md_tool_hi[1] - md_tool_lo[1];
}

/* Before the real call.  ra is the caller's address; uc, for a system call
 * trapped by syscall user dispatch, its signal context (NULL for a hook). */
MD_INLINE void md_hook_enter_at(struct md_hook *h, const void *ra, void *uc)
{
	h->rec = __atomic_load_n(&md_active, __ATOMIC_ACQUIRE) != 0;
	if (!h->rec)
		return;
	h->n = 0;
	h->t0 = 0;
	if (md_in_hook) {
		h->outer = 0;
		h->flags = MD_RF_TOOL | MD_RF_NESTED;
	} else {
		h->outer = 1;
		if (!md_hook_left--)
			h->t0 = md_hook_timer();
		h->flags = md_tool_caller(ra) ? MD_RF_TOOL : 0;
		md_in_hook = 1;
		/* mdtrace's own calls have no stack: nobody reads it, and
		 * the self-test would be a process's first (costly) unwind */
		if (md_stack_depth && !h->flags)
			h->n = uc ? md_stack_uc(h->frames, md_stack_depth, uc)
				  : md_stack(h->frames, md_stack_depth, 1);
	}
	md_order_lock_inline();
	if (h->t0)
		h->pre = md_now() - h->t0;
}

/* Before the real call.  Must be inlined into the function the program
 * called, so that md_stack's caller is that function. */
MD_INLINE void md_hook_enter(struct md_hook *h)
{
	md_hook_enter_at(h, __builtin_return_address(0), 0);
}

/* md_emit with a struct md_file_id of fd (and its path) as payload; out of
 * line so that only file mappings pay for the path buffer on the stack. */
void md_emit_file(struct md_emit *e, const uint64_t *frames, unsigned n, int fd);

/* libmdtrace's event dispatch (capture.c), NULL until a program asks for
 * events: one load and a branch for everyone else. */
struct md_emit;
typedef void md_dispatch_fn(const struct md_rec *r);
extern md_dispatch_fn *md_dispatch;
void md_dispatch_call(const struct md_emit *e);

/* After the real call: write the record (with fd's identity if fd >= 0),
 * then release the order lock; then, for a successful call of the
 * program's own, libmdtrace's events (mdtrace(3)). */
MD_INLINE void md_hook_leave_fd(struct md_hook *h, struct md_emit *e, int fd)
{
	e->flags |= h->flags;
	e->timed = h->t0 ? md_now() : 0;
	e->pre = h->t0 ? h->pre : 0;
	if (fd >= 0)
		md_emit_file(e, h->n ? h->frames : 0, h->n, fd);
	else
		md_emit_inline(e, h->n ? h->frames : 0, h->n);
	if (h->outer)
		md_hook_calls++;
	md_order_unlock_inline();
	if (h->outer) {
		md_in_hook = 0;
		if (__builtin_expect(md_dispatch != 0, 0) && !e->err && !(e->flags & MD_RF_TOOL))
			md_dispatch_call(e);
	}
}

MD_INLINE void md_hook_leave(struct md_hook *h, struct md_emit *e)
{
	md_hook_leave_fd(h, e, -1);
}

/* The whole of a hook for a call that returns 0, or -1 with errno, and is
 * recorded with its (up to four) arguments as passed: munmap, mprotect,
 * pkey_mprotect, madvise, shmdt.  errno is left alone on success, as libc
 * does. */
MD_INLINE int md_hook_simple(uint16_t type, long nr, uint64_t a, uint64_t b, uint64_t c,
			     uint64_t d)
{
	int saved = errno;
	struct md_hook h;
	long r;

	md_hook_enter(&h);
	r = md_syscall6(nr, (long)a, (long)b, (long)c, (long)d, 0, 0);
	if (h.rec) {
		struct md_emit e = { .type = type, .err = md_err_of(r), .ret = (uint64_t)r,
			.args = { a, b, c, d } };
		md_hook_leave(&h, &e);
	}
	if (md_failed(r)) {
		errno = (int)-r;
		return -1;
	}
	errno = saved;
	return 0;
}

/* Shared by the libc hooks and the syscall() hook: parts of a record that
 * need more system calls (hooks_shm.c, hooks_brk.c). */
void md_shm_ident(uint64_t *args, long r);
long md_brk_now(void);

/* unseen.c: the calls of unseen.def.  md_unseen_note writes the blind
 * record of nr the first time and says whether nr is one; md_unseen_install
 * patches libc's wrappers. */
int md_unseen_note(long nr);
void md_unseen_install(void *libc);

/* A recorded raw system call of events.def's NR column, after
 * md_hook_enter*: makes it, records it with flags (MD_RF_RAW_SYSCALL, and
 * MD_RF_TRAPPED from sud.c), returns the kernel's result
 * (hooks_syscall.c). */
long md_syscall_record(struct md_hook *h, uint16_t flags, long n, long a, long b, long c,
		       long d, long e, long f);

/* The hooks, hidden; exported under libc's names by hooks_entry.S (from
 * events.def's `public` column). */
#include <stddef.h>
#include <sys/types.h>
void *md_hook_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int md_hook_munmap(void *addr, size_t len);
void *md_hook_mremap(void *old, size_t oldlen, size_t newlen, int flags, ...);
int md_hook_mprotect(void *addr, size_t len, int prot);
int md_hook_pkey_mprotect(void *addr, size_t len, int prot, int pkey);
int md_hook_madvise(void *addr, size_t len, int advice);
int md_hook_posix_madvise(void *addr, size_t len, int advice);
int md_hook_brk(void *addr);
void *md_hook_shmat(int shmid, const void *addr, int shmflg);
int md_hook_shmdt(const void *addr);
long md_hook_syscall(long n, ...);

#endif
