/* clone.c - children made without fork(): the libc clone() wrapper and raw
 * SYS_fork / SYS_clone system calls, none of them with CLONE_VM.  Each child
 * maps one page at its own fixed address and exits; the parent never maps
 * those addresses.  Prints each child's status (same with and without the
 * library). */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define BASE 0x7e1000000000UL

static int in_child(void *arg)
{
	unsigned long k = (unsigned long)arg;
	void *p = mmap((void *)(BASE + k * 0x100000), 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	_exit(p == MAP_FAILED ? 10 : 20 + (int)k);
}

static void reap(const char *what, long pid)
{
	int st = 0;
	if (pid < 0) {
		perror(what);
		exit(1);
	}
	if (waitpid((pid_t)pid, &st, 0) != pid) {
		perror("waitpid");
		exit(1);
	}
	printf("%s: exit %d\n", what, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

int main(void)
{
	static char stack[256 * 1024] __attribute__((aligned(16)));
	long pid;

	reap("clone", clone(in_child, stack + sizeof stack, SIGCHLD, (void *)1UL));
	pid = syscall(SYS_fork);
	if (pid == 0)
		in_child((void *)2UL);
	reap("SYS_fork", pid);
	pid = syscall(SYS_clone, (long)SIGCHLD, 0L, 0L, 0L, 0L);
	if (pid == 0)
		in_child((void *)3UL);
	reap("SYS_clone", pid);
	return 0;
}
