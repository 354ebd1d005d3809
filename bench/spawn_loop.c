/* spawn_loop.c - `spawn_loop N PROGRAM [ARG...]`: runs PROGRAM N times,
 * one after the other (posix_spawn and wait), and prints the nanoseconds
 * that took.  Under `mdtrace run` every child is a traced image, so the
 * difference to a plain run, over N, is what tracing adds to a process's
 * start and exit (bench_process.sh). */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static long long now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[1]) : 0;
	long long t;
	if (n <= 0) {
		fprintf(stderr, "usage: spawn_loop N PROGRAM [ARG...]\n");
		return 2;
	}
	t = now();
	for (long i = 0; i < n; i++) {
		pid_t pid;
		int st;
		if (posix_spawn(&pid, argv[2], NULL, NULL, argv + 2, environ) != 0 ||
		    waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "spawn_loop: %s failed\n", argv[2]);
			return 1;
		}
	}
	printf("%lld\n", now() - t);
	return 0;
}
