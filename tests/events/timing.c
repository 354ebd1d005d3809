/* timing.c - marks a known time apart, for tests/events/timing.sh: the
 * trace's times must agree with CLOCK_MONOTONIC as the program saw it.
 * m0, sleep 200 ms, m1, 3000 mmap/munmap pairs (the ring is flushed and
 * the clock pairs refreshed several times), sleep 100 ms, m2.  Prints, for
 * each of m0-m1, m1-m2 and m0-m2, the least and the most the time between
 * the two mark records can be (the clock read before and after each mark).
 * With "kill" it SIGKILLs itself after m1 (and prints m0-m1 first). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

void mdtrace_mark(const char *label) __attribute__((weak));

static long long now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long before[3], after[3];

static void mark(int i)
{
	char label[4] = { 'm', (char)('0' + i), 0 };
	before[i] = now();
	if (mdtrace_mark)
		mdtrace_mark(label);
	after[i] = now();
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0)
		;
}

static void span(int a, int b)
{
	printf("m%d m%d %lld %lld\n", a, b, before[b] - after[a], after[b] - before[a]);
}

int main(int argc, char **argv)
{
	int kill_after = argc > 1 && !strcmp(argv[1], "kill");
	mark(0);
	pause_ms(200);
	mark(1);
	if (kill_after) {
		span(0, 1);
		fflush(stdout);
		raise(SIGKILL);
	}
	for (int i = 0; i < 3000; i++) {
		void *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED || munmap(p, 4096) != 0)
			return 1;
	}
	pause_ms(100);
	mark(2);
	span(0, 1);
	span(1, 2);
	span(0, 2);
	return 0;
}
