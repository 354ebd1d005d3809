/* prog.c - stress for `mdtrace run --verify` (tests/stress/stress.sh): each mode
 * does its work ROUNDS times and exits 0; nothing it does may hang, crash
 * or leave a trace that differs from the kernel.
 *   forks ROUNDS    a fork storm: children map, unmap and exit, up to 16 at
 *                   a time
 *   threads ROUNDS  4 threads map, remap and unmap the same pages while a
 *                   timer's signal handler maps and unmaps too
 *   execs ROUNDS    an exec chain: the program execs itself ROUNDS times */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static char *base;
static volatile int stop;

static void churn(long i)
{
	char *p = base + (i % 4) * 4096;
	if (i % 3 == 0)
		munmap(p, 4096);
	else
		mmap(p, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
}

static void on_alarm(int sig)
{
	(void)sig;
	void *q = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (q != MAP_FAILED)
		munmap(q, 8192);
}

static void *thread(void *arg)
{
	long k = (long)arg;
	for (long i = 0; !stop; i++) {
		churn(i + k);
		void *m = mmap(0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		m = mremap(m, 65536, 131072, MREMAP_MAYMOVE);
		munmap(m, 131072);
	}
	return NULL;
}

static int threads(long rounds)
{
	pthread_t t[4];
	struct itimerval it = { { 0, 200 }, { 0, 200 } };
	signal(SIGALRM, on_alarm);
	setitimer(ITIMER_REAL, &it, NULL);
	for (long k = 0; k < 4; k++)
		pthread_create(&t[k], NULL, thread, (void *)k);
	for (long r = 0; r < rounds; r++)
		churn(r);
	stop = 1;
	for (int k = 0; k < 4; k++)
		pthread_join(t[k], NULL);
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, NULL);
	return 0;
}

static int forks(long rounds)
{
	int live = 0, st;
	for (long r = 0; r < rounds; r++) {
		pid_t p = fork();
		if (p == 0) {
			churn(r);
			on_alarm(0);
			exit(0);
		}
		if (p > 0)
			live++;
		if (live == 16) {
			if (wait(&st) > 0 && (!WIFEXITED(st) || WEXITSTATUS(st)))
				return 1;
			live--;
		}
	}
	while (wait(&st) > 0)
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	long rounds = atol(argv[2]);
	base = mmap(0, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!strcmp(argv[1], "forks"))
		return forks(rounds);
	if (!strcmp(argv[1], "threads"))
		return threads(rounds);
	if (!strcmp(argv[1], "execs")) {
		char n[32];
		if (rounds <= 0)
			return 0;
		churn(rounds);
		snprintf(n, sizeof n, "%ld", rounds - 1);
		execl("/proc/self/exe", argv[0], "execs", n, (char *)NULL);
		return 127;
	}
	return 2;
}
