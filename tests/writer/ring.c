/* ring.c - traced program of the ring tests (tests/writer/ring_*.sh): it
 * keeps count of the calls that have returned, so a test compares the
 * trace with what the program did.  Its calls use lengths no one else
 * does: 3 pages in the main flow, 5 in signal handlers.
 *
 *   ring count FILE   mmap+munmap of 3 pages until killed (at most 10^7
 *                     pairs); after each pair FILE (shared mapping, 8
 *                     bytes) holds the pairs done
 *   ring pause FILE N N pairs, FILE holds N, then waits to be killed
 *   ring sigload N    N pairs while a 50 us SIGALRM timer interrupts them;
 *                     each signal maps and unmaps 5 pages (every 8th of
 *                     the first 128 signals 3000 times: more records than
 *                     the ring holds);
 *                     prints "main N handler H signals S"
 *   ring xfsz TRACE N   pairs until the writer's next grow of TRACE (the
 *                     trace file: RLIMIT_FSIZE is set where that grow
 *                     fails, and the kernel sends SIGXFSZ from inside
 *                     it), then N pairs in the SIGXFSZ handler, which
 *                     lifts the limit first; prints "main M handler N" */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define MAIN_LEN (3 * 4096)
#define SIG_LEN (5 * 4096)

static volatile unsigned long *counter(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	void *p;
	if (fd < 0 || ftruncate(fd, 4096) < 0)
		exit(2);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		exit(2);
	close(fd);
	return p;
}

static void pair(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || munmap(p, len))
		abort();
}

static void count(const char *path, unsigned long n)
{
	volatile unsigned long *c = counter(path);
	for (unsigned long i = 1; i <= n; i++) {
		pair(MAIN_LEN);
		__atomic_store_n(c, i, __ATOMIC_RELEASE);
	}
}

static volatile unsigned long handled, signals;

static void on_alarm(int sig)
{
	/* bursts only at first: under load the 50 us timer would otherwise
	 * keep the program in its handler (the test timed out) */
	unsigned long k = ++signals % 8 || signals > 8 * 16 ? 1 : 3000;
	(void)sig;
	for (unsigned long i = 0; i < k; i++) {
		pair(SIG_LEN);
		handled++;
	}
}

static int sigload(unsigned long n)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 50 }, { 0, 50 } };
	sigset_t block;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	for (unsigned long i = 0; i < n; i++)
		pair(MAIN_LEN);
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	sigprocmask(SIG_BLOCK, &block, NULL);
	printf("main %lu handler %lu signals %lu\n", n, handled, signals);
	return 0;
}

static unsigned long xfsz_burst;
static volatile unsigned long xfsz_done;

/* The handler runs while the interrupted thread is inside the writer's
 * grow of the file (the fallocate the limit refused): its records need
 * the file to grow again, from the handler. */
static void on_xfsz(int sig)
{
	struct rlimit unl = { RLIM_INFINITY, RLIM_INFINITY };
	(void)sig;
	if (xfsz_done++)
		return;
	setrlimit(RLIMIT_FSIZE, &unl);
	for (unsigned long i = 0; i < xfsz_burst; i++)
		pair(SIG_LEN);
}

static int xfsz(const char *trace, unsigned long n)
{
	struct sigaction sa;
	struct stat st;
	struct rlimit lim;
	unsigned long main_pairs = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_xfsz;
	sigaction(SIGXFSZ, &sa, NULL);
	xfsz_burst = n;
	/* The writer keeps the file at least 512 KiB ahead of its records and
	 * grows it by 1 MiB or more: a limit 512 KiB past the current size
	 * refuses the next grow, whatever its size. */
	if (stat(trace, &st) < 0)
		return 2;
	if (getrlimit(RLIMIT_FSIZE, &lim) < 0)
		return 2;
	lim.rlim_cur = (rlim_t)st.st_size + (512u << 10); /* the handler lifts it */
	if (setrlimit(RLIMIT_FSIZE, &lim) < 0)
		return 2;
	while (!xfsz_done && main_pairs < 100000) {
		pair(MAIN_LEN);
		main_pairs++;
	}
	printf("main %lu handler %lu\n", main_pairs, xfsz_done ? n : 0);
	return xfsz_done ? 0 : 3;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "count")) {
		count(argv[2], 10000000);
		return 1;
	}
	if (argc == 4 && !strcmp(argv[1], "pause")) {
		count(argv[2], strtoul(argv[3], NULL, 10));
		sleep(120); /* bounded: the test kills it long before */
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "sigload"))
		return sigload(strtoul(argv[2], NULL, 10));
	if (argc == 4 && !strcmp(argv[1], "xfsz"))
		return xfsz(argv[2], strtoul(argv[3], NULL, 10));
	fprintf(stderr, "usage: ring count FILE | pause FILE N | sigload N | xfsz TRACE N\n");
	return 2;
}
