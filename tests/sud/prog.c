/* prog.c - mapping changes made with the program's own `syscall`
 * instructions, never through libc (mdtrace-preload(7), SYSTEM CALLS
 * OUTSIDE LIBC).  One mode per run:
 *   inline   mmap, mremap, munmap (and a failing munmap) in main and in a
 *            second thread
 *   blocked  the same with every signal blocked in every thread, through
 *            sigprocmask and through a raw rt_sigprocmask
 *   sigsys   the program's own SIGSYS handler, then the inline calls and a
 *            SIGSYS sent to itself: its handler runs, once
 *   clone3   a thread made by a raw clone3 with its own stack does the
 *            inline calls
 *   fork     a raw fork whose child does the inline calls; a raw vfork
 *            whose child execs /bin/true
 *   unseen   calls that change mappings without a mapping call: io_setup
 *            and io_destroy inline, io_setup through syscall(),
 *            process_madvise through libc
 * stdout is the same with and without mdtrace (results, no addresses);
 * stderr has "ADDR" lines (the mappings made) for the scripts. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sys.h"

/* the program's own `syscall` instruction (sys.h outside the library) */
#define raw md_syscall6

/* Three pages mapped, grown to five (moved), the second unmapped. */
static void work(const char *who)
{
	long p = raw(SYS_mmap, 0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		     -1, 0);
	long q = raw(SYS_mremap, p, 3 * 4096, 5 * 4096, MREMAP_MAYMOVE, 0, 0);
	long u = raw(SYS_munmap, q + 4096, 4096, 0, 0, 0, 0);
	long bad = raw(SYS_munmap, 1, 4096, 0, 0, 0, 0);
	printf("%s: mmap %s, mremap %s, munmap %ld, bad munmap %ld\n", who,
	       p > 0 ? "ok" : "failed", q > 0 ? "ok" : "failed", u, bad);
	fprintf(stderr, "ADDR %s %#lx %#lx\n", who, (unsigned long)p, (unsigned long)q);
	fflush(NULL);
}

static void *thread(void *arg)
{
	work("thread");
	return arg;
}

static void two_threads(void)
{
	pthread_t t;
	work("main");
	pthread_create(&t, NULL, thread, NULL);
	pthread_join(t, NULL);
}

static void block_all(void)
{
	sigset_t all, now;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	raw(SYS_rt_sigprocmask, SIG_BLOCK, (long)&all, 0, 8, 0, 0);
	sigprocmask(SIG_BLOCK, NULL, &now);
	printf("SIGSYS blocked as asked: %d\n", sigismember(&now, SIGSYS));
}

static volatile sig_atomic_t caught;

static void on_sigsys(int sig)
{
	caught += sig == SIGSYS;
}

static void own_sigsys(void)
{
	struct sigaction sa = { .sa_handler = on_sigsys }, back;
	sigaction(SIGSYS, &sa, NULL);
	sigaction(SIGSYS, NULL, &back);
	printf("own handler reads back: %d\n", back.sa_handler == on_sigsys);
	work("main");
	raise(SIGSYS);
	printf("SIGSYS handler ran %d time(s)\n", (int)caught);
}

static volatile int clone3_tid;

static void clone3_child(void)
{
	work("clone3");
	raw(SYS_exit, 0, 0, 0, 0, 0, 0);
}

/* The child starts on its own stack at the instruction after the
 * syscall, with the registers it had: it calls fn (in r12) and exits. */
static long clone3_run(struct clone_args *a, void (*fn)(void))
{
	long ret;
	register void (*f)(void) __asm__("r12") = fn;
	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "and $-16, %%rsp\n\t"
			 "call *%%r12\n\t"
			 "ud2\n"
			 "1:"
			 : "=a"(ret)
			 : "a"((long)SYS_clone3), "D"(a), "S"(sizeof *a), "r"(f)
			 : "rcx", "r11", "memory");
	return ret;
}

static void raw_clone3(void)
{
	static char stack[1 << 16] __attribute__((aligned(16)));
	struct clone_args a = { 0 };
	long r;
	a.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		  CLONE_SYSVSEM | CLONE_CHILD_CLEARTID;
	a.child_tid = (uint64_t)(uintptr_t)&clone3_tid;
	a.stack = (uint64_t)(uintptr_t)stack;
	a.stack_size = sizeof stack;
	clone3_tid = 1;
	r = clone3_run(&a, clone3_child);
	while (r > 0 && clone3_tid) /* the kernel clears it when the thread exits */
		sched_yield();
	printf("clone3 thread: %s\n", r > 0 ? "done" : "failed");
}

static void raw_forks(void)
{
	int st = -1;
	long p = raw(SYS_fork, 0, 0, 0, 0, 0, 0);
	if (p == 0) {
		work("child");
		exit(0); /* through libc: the trace gets its exit snapshot */
	}
	waitpid((pid_t)p, &st, 0);
	printf("fork child: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	p = raw(SYS_vfork, 0, 0, 0, 0, 0, 0);
	if (p == 0) {
		static char *const argv[] = { "true", NULL };
		raw(SYS_execve, (long)"/bin/true", (long)argv, (long)environ, 0, 0, 0);
		raw(SYS_exit_group, 127, 0, 0, 0, 0, 0);
	}
	waitpid((pid_t)p, &st, 0);
	printf("vfork child: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static void unseen(void)
{
	unsigned long ctx = 0, ctx2 = 0;
	struct iovec v = { 0, 0 };
	long r = raw(SYS_io_setup, 4, (long)&ctx, 0, 0, 0, 0);
	printf("io_setup inline: %ld\n", r);
	if (r == 0)
		raw(SYS_io_destroy, (long)ctx, 0, 0, 0, 0, 0);
	r = syscall(SYS_io_setup, 4, &ctx2);
	printf("io_setup syscall(): %ld\n", r);
	if (r == 0)
		syscall(SYS_io_destroy, ctx2);
	errno = 0;
	r = process_madvise(-1, &v, 1, MADV_COLD, 0);
	printf("process_madvise bad pidfd: %ld errno %d\n", r, errno);
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";
	if (!strcmp(m, "inline"))
		two_threads();
	else if (!strcmp(m, "blocked"))
		block_all(), two_threads();
	else if (!strcmp(m, "sigsys"))
		own_sigsys();
	else if (!strcmp(m, "clone3"))
		raw_clone3();
	else if (!strcmp(m, "fork"))
		raw_forks();
	else if (!strcmp(m, "unseen"))
		unseen();
	else {
		fprintf(stderr, "usage: prog inline|blocked|sigsys|clone3|fork|unseen\n");
		return 2;
	}
	return 0;
}
