/* fds.c - the library's descriptors are not the program's
 * (mdtrace-preload(7), DESCRIPTORS).  They live at high numbers,
 * close-on-exec, so that the program's own opens get the numbers they get
 * without mdtrace; and the program's close, close_range, closefrom, dup2
 * and dup3 do to them what they would do without mdtrace, where they do
 * not exist: close says EBADF, a range skips them, a dup2 onto one moves
 * ours out of its way first.  Otherwise a program that closes what it
 * inherited and opens its own files would have the trace written into
 * them.
 *
 * libunwind opens a pipe at start-up to test memory before it reads it
 * (its frame-pointer fallback) and keeps the numbers: its pipe2 is made
 * here, at high numbers, and if the program takes one of them over anyway
 * (dup2), stacks stop, with a blind record, rather than libunwind writing
 * into the program's file. */
#define _GNU_SOURCE
#include "fds.h"
#include "hooks_common.h"
#include "patch.h"
#include "writer.h"
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/close_range.h>

static int maps_fd = -1;
static int fddir_fd = -1;            /* /proc/self/fd, O_PATH (md_fd_path) */
static int uw_fd[2] = { -1, -1 };    /* libunwind's pipe */
static int uw_stale[2] = { -1, -1 }; /* its numbers the program took over */

/* The lowest number for our descriptors: 128 below the soft limit, at
 * most 896 (mdtrace-preload(7), DESCRIPTORS): the kernel's table reaches
 * the highest descriptor, and each fork copies all of it. */
static int base(void)
{
	struct rlimit rl;
	if (md_syscall6(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, (long)&rl, 0, 0) < 0 ||
	    rl.rlim_cur > 1024)
		return 1024 - 128;
	return rl.rlim_cur > 256 ? (int)rl.rlim_cur - 128 : (int)rl.rlim_cur / 2;
}

int md_fd_high(int fd)
{
	long n;
	if (fd < 0)
		return fd;
	n = md_sys3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, base());
	if (n < 0)
		return fd;
	md_close(fd);
	return (int)n;
}

static int is_ours(int fd)
{
	return fd >= 0 && (fd == __atomic_load_n(&md_w.fd, __ATOMIC_RELAXED) || fd == maps_fd ||
			   fd == fddir_fd || fd == uw_fd[0] || fd == uw_fd[1]);
}

int md_fd_maps(void)
{
	if (maps_fd < 0) {
		int fd = md_open_read("/proc/self/maps");
		if (fd < 0)
			return fd;
		maps_fd = md_fd_high(fd);
	}
	return maps_fd;
}

/* The path of a descriptor, for the records of file mappings: a lookup
 * of its number in /proc/self/fd held open costs a third less than one
 * of the whole "/proc/self/fd/N" (a mapping's record is its system call's
 * cost again otherwise). */
size_t md_fd_path(int fd, char *path, size_t cap)
{
	char num[24];
	long r;
	int dir = __atomic_load_n(&fddir_fd, __ATOMIC_ACQUIRE), none = -1;
	if (dir < 0) {
		int d = (int)md_syscall6(SYS_openat, AT_FDCWD, (long)"/proc/self/fd",
					 O_PATH | O_DIRECTORY | O_CLOEXEC, 0, 0, 0);
		if (d >= 0 && (d = md_fd_high(d)) >= 0 &&
		    !__atomic_compare_exchange_n(&fddir_fd, &none, d, 0, __ATOMIC_ACQ_REL,
						 __ATOMIC_ACQUIRE))
			md_close(d); /* another thread's came first */
		dir = __atomic_load_n(&fddir_fd, __ATOMIC_ACQUIRE);
	}
	if (dir < 0)
		return md_fd_path_slow(fd, path, cap);
	r = md_syscall6(SYS_readlinkat, dir, (long)md_utoa(num, (uint64_t)(unsigned)fd),
			(long)path, (long)cap, 0, 0);
	return r > 0 ? (size_t)r : 0;
}

void md_fds_child(void)
{
	if (maps_fd >= 0)
		md_close(maps_fd);
	if (fddir_fd >= 0) /* the parent's table */
		md_close(fddir_fd);
	maps_fd = fddir_fd = -1;
}

/* ---- libunwind's pipe ---- */

static long raw_pipe2(int *fds, int flags)
{
	return md_sys3(SYS_pipe2, (long)fds, flags, 0);
}

/* pipe2 and pipe, exported: libunwind's calls land here (its own PLT);
 * everyone else's get the kernel's answer as from libc. */
MD_PUBLIC int pipe2(int fds[2], int flags)
{
	int k[2];
	long r = raw_pipe2(k, flags);
	if (r == 0 && md_tool_caller(__builtin_return_address(0))) {
		k[0] = md_fd_high(k[0]);
		k[1] = md_fd_high(k[1]);
		uw_fd[0] = k[0];
		uw_fd[1] = k[1];
	}
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	fds[0] = k[0];
	fds[1] = k[1];
	return 0;
}

MD_PUBLIC int pipe(int fds[2])
{
	return pipe2(fds, 0);
}

/* The program made `fd` its own (dup2): if it was libunwind's, libunwind
 * would go on reading and writing it, so stacks stop here. */
static void taken(int fd)
{
	if (fd != uw_fd[0] && fd != uw_fd[1])
		return;
	int i = fd == uw_fd[1];
	uw_stale[i] = fd;
	uw_fd[i] = -1;
	__atomic_store_n(&md_stack_depth, 0, __ATOMIC_RELAXED);
	md_writer_set_flag(MD_TF_BLIND);
	md_emit_simple(MD_EV_BLIND, (uint64_t)fd, "the program took over libunwind's descriptor "
		       "(dup2): call stacks are not recorded from here on", 0);
}

/* ---- moving the trace's descriptor ---- */

/* Takes a writer's word (the flushing turn, the grow lock) for the move,
 * a bounded while; 0 if this thread holds it already or it stays busy. */
static int take(int *word)
{
	int me = md_tid();
	for (int i = 0; i < 1000; i++) {
		int z = 0;
		if (__atomic_compare_exchange_n(word, &z, me, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return 1;
		if (z == me)
			return 0;
		md_sys3(SYS_sched_yield, 0, 0, 0);
	}
	return 0;
}

/* The program is about to make `fd` its own: ours moves first, with no
 * flush or growth using the old number meanwhile. */
static void make_room(int fd)
{
	struct md_trace_header *h = md_writer_header();
	if (fd == maps_fd || fd == fddir_fd) {
		int *mine = fd == maps_fd ? &maps_fd : &fddir_fd;
		md_order_lock();
		*mine = (int)md_sys3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, base());
		md_order_unlock();
	} else if (h && fd == md_w.fd) {
		int f = take(&h->flushing), g = take(&md_w.grow);
		long n = md_sys3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, base());
		if (n >= 0)
			__atomic_store_n(&md_w.fd, (int)n, __ATOMIC_SEQ_CST);
		if (g)
			__atomic_store_n(&md_w.grow, 0, __ATOMIC_RELEASE);
		if (f)
			__atomic_store_n(&h->flushing, 0, __ATOMIC_RELEASE);
	} else {
		taken(fd);
	}
}

/* close_range over our descriptors: the pieces between them. */
static long close_range_around(unsigned lo, unsigned hi, int flags)
{
	int mine[5] = { md_w.fd, maps_fd, fddir_fd, uw_fd[0], uw_fd[1] };
	unsigned from = lo;
	long r = 0;
	if (lo > hi)
		return md_sys3(SYS_close_range, lo, hi, flags);
	for (;;) {
		unsigned next = hi;
		int hit = 0;
		for (int i = 0; i < 5; i++) /* the lowest of ours in [from, hi] */
			if (mine[i] >= 0 && (unsigned)mine[i] >= from && (unsigned)mine[i] <= next) {
				next = (unsigned)mine[i];
				hit = 1;
			}
		if (!hit) {
			long e = md_sys3(SYS_close_range, from, hi, flags);
			return r < 0 ? r : e;
		}
		if (next > from) {
			long e = md_sys3(SYS_close_range, from, next - 1, flags);
			r = r < 0 ? r : e;
		}
		if (next == hi)
			return r;
		from = next + 1;
	}
}

/* ---- the program's calls (the kernel's result: -errno on failure) ---- */

long md_fd_call(long n, long a, long b, long c, int tool)
{
	int fd = (int)a;
	switch (n) {
	case SYS_close:
		if (tool && (fd == uw_fd[0] || fd == uw_fd[1])) /* libunwind renewing its pipe */
			uw_fd[fd == uw_fd[1]] = -1;
		else if (tool && (fd == uw_stale[0] || fd == uw_stale[1])) /* now the program's */
			return 0;
		else if (is_ours(fd) && !tool)
			return -EBADF;
		return md_sys3(SYS_close, fd, 0, 0);
	case SYS_close_range:
		return close_range_around((unsigned)a, (unsigned)b, (int)c);
#ifdef SYS_dup2
	case SYS_dup2:
#endif
	case SYS_dup3:
		if (is_ours(fd))
			return -EBADF;
		if (a == b) /* dup2 checks old; dup3 refuses */
			return n == SYS_dup3 ? -EINVAL : md_sys3(SYS_fcntl, a, F_GETFD, 0) < 0 ? -EBADF : a;
		if (is_ours((int)b))
			make_room((int)b);
		return md_sys3(n, a, b, c);
	}
	return md_sys3(n, a, b, c);
}

static int result(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return (int)r;
}

/* close: a cancellation point, as glibc's. */
static int md_hook_close(int fd)
{
	pthread_testcancel();
	return result(md_fd_call(SYS_close, fd, 0, 0, md_tool_caller(__builtin_return_address(0))));
}

static int md_hook_close_range(unsigned lo, unsigned hi, int flags)
{
	return result(md_fd_call(SYS_close_range, lo, hi, flags, 0));
}

#ifdef SYS_dup2
static int md_hook_dup2(int old, int new)
{
	return result(md_fd_call(SYS_dup2, old, new, 0, 0));
}
#else /* aarch64: dup2 is dup3, or a check of old when old == new */
static int md_hook_dup2(int old, int new)
{
	if (old == new)
		return result(is_ours(old) || md_sys3(SYS_fcntl, old, F_GETFD, 0) < 0 ? -EBADF : old);
	return result(md_fd_call(SYS_dup3, old, new, 0, 0));
}
#endif

static int md_hook_dup3(int old, int new, int flags)
{
	return result(md_fd_call(SYS_dup3, old, new, flags, 0));
}

/* syscall() of one of them (hooks_entry.S): -1 and errno, as syscall(). */
long md_syscall_fd(long n, long a, long b, long c);
long md_syscall_fd(long n, long a, long b, long c)
{
	return result(md_fd_call(n, a, b, c, md_tool_caller(__builtin_return_address(0))));
}

void md_fd_hooks_install(void)
{
	static const struct md_named_hook hooks[] = {
		{ "close", (void *)md_hook_close },
		{ "close_range", (void *)md_hook_close_range },
		{ "dup2", (void *)md_hook_dup2 },
		{ "dup3", (void *)md_hook_dup3 },
	};
	md_patch_list(hooks, sizeof hooks / sizeof *hooks,
		      "a program that closes or replaces the library's descriptors with it has "
		      "the trace written into its own files");
}
