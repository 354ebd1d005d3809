/* stress.c - a SIGALRM handler that maps and unmaps at a high rate while
 * the main thread and two others loop on mmap/munmap/mprotect for about a
 * second (mdtrace-preload(7), TRANSPARENCY): no deadlock (the script has a timeout), no
 * crash, every call succeeds. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop, bad, handled;

static void handler(int sig)
{
	(void)sig;
	void *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || munmap(p, 8192))
		bad = 1;
	handled++;
}

static void once(void)
{
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		bad = 1;
		return;
	}
	p[0] = 1;
	if (mprotect(p + 4096, 4096, PROT_NONE) || munmap(p, 3 * 4096))
		bad = 1;
}

static void *loop(void *arg)
{
	(void)arg;
	while (!stop)
		once();
	return NULL;
}

static double since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) * 1e-9;
}

int main(void)
{
	struct itimerval it = { { 0, 100 }, { 0, 100 } };
	struct sigaction sa;
	pthread_t t[2];
	struct timespec t0;
	long n = 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	for (int i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, loop, NULL))
			return 1;
	setitimer(ITIMER_REAL, &it, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (since(&t0) < 1.0) {
		once();
		n++;
	}
	it.it_value.tv_usec = it.it_interval.tv_usec = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	stop = 1;
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("main loops %ld, signals handled %d, failures %d\n", n, (int)handled, (int)bad);
	return bad || handled < 10 || n < 100;
}
