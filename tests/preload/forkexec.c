/* forkexec.c - fork, vfork+exec and posix_spawn children run normally
 * under the hooks (mdtrace-preload(7), PROCESSES): each child maps memory and exits
 * with a known status. */
#define _GNU_SOURCE
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int child_work(void)
{
	void *p = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *q = malloc(1 << 20);
	if (p == MAP_FAILED || !q || munmap(p, 1 << 16))
		return 9;
	free(q);
	return 5;
}

static int status_of(pid_t pid)
{
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

int main(int argc, char **argv)
{
	char *args[] = { argv[0], "child", NULL };
	pid_t pid;

	if (argc > 1 && !strcmp(argv[1], "child"))
		return child_work();
	pid = fork();
	if (pid == 0)
		_exit(child_work());
	printf("fork child %d\n", status_of(pid));
	fflush(stdout);
	pid = vfork();
	if (pid == 0) {
		execve("/proc/self/exe", args, environ);
		_exit(127);
	}
	printf("vfork+exec child %d\n", status_of(pid));
	if (posix_spawn(&pid, "/proc/self/exe", NULL, NULL, args, environ))
		pid = -1;
	printf("posix_spawn child %d\n", status_of(pid));
	printf("parent %d\n", child_work());
	return 0;
}
