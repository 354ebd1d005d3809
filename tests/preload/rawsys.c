/* rawsys.c - syscall(): mapping numbers are recorded (rawsys.sh finds them
 * in the trace), every other number passes through unchanged: getpid,
 * gettid, and a fork-like clone whose child returns through the stub. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	long p, st;
	int status;

	p = syscall(SYS_mmap, 0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fprintf(stderr, "mmap %ld\n", p);
	printf("mmap ok %d\n", p != -1);
	printf("mprotect %ld\n", syscall(SYS_mprotect, p, 4096, PROT_READ));
	printf("munmap %ld\n", syscall(SYS_munmap, p + 4096, 4096));
	printf("getpid %d\n", syscall(SYS_getpid) == getpid());
	printf("gettid %d\n", syscall(SYS_gettid) == gettid());
	errno = 0;
	st = syscall(100000);
	printf("bogus %ld errno=%d\n", st, errno);
	fflush(stdout);
	p = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (p == 0)
		_exit(syscall(SYS_getppid) == getppid() ? 7 : 8);
	st = waitpid((pid_t)p, &status, 0) == p && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	printf("clone child status %ld\n", st);
	return 0;
}
