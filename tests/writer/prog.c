/* prog.c - the traced program of the writer's shell tests.  It prints what
 * the kernel returned so the test compares the trace with the kernel. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

extern void mdtrace_mark(const char *label) __attribute__((weak));

static void mark(const char *l)
{
	if (mdtrace_mark)
		mdtrace_mark(l);
}

static int basic(void)
{
	size_t len = 5 * 4096;
	void *p;
	int r;
	mark("begin");
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap %p %zu\n", p, len);
	r = munmap(p, len);
	printf("munmap %p %d\n", p, r);
	errno = 0;
	r = munmap((void *)1, 4096);
	printf("badmunmap %d %d\n", r, errno);
	mark("done");
	return 0;
}

/* Runs until killed (bounded, in case the test dies first). */
static int loop(void)
{
	for (unsigned long i = 0; i < 2000000; i++) {
		void *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		munmap(p, 4096);
		mark("tick");
		if (i == 2000) {
			printf("ready\n");
			fflush(stdout);
		}
	}
	return 1;
}

#define TLEN (7 * 4096)
static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20000; i++) {
		void *p = mmap(NULL, TLEN, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED || munmap(p, TLEN))
			abort();
	}
	return NULL;
}

static int threads(void)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	return 0;
}

static int forks(void)
{
	int st;
	pid_t pid;
	mark("before");
	pid = fork();
	if (pid == 0) {
		mark("child");
		exit(0);
	}
	waitpid(pid, &st, 0);
	printf("child %d\n", (int)pid);
	return !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static int dl(const char *lib)
{
	void *h = dlopen(lib, RTLD_NOW);
	if (!h) {
		fprintf(stderr, "%s\n", dlerror());
		return 1;
	}
	printf("handle %p\n", h);
	mark("opened");
	return dlclose(h) != 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "basic"))
		return basic();
	if (!strcmp(argv[1], "loop"))
		return loop();
	if (!strcmp(argv[1], "threads"))
		return threads();
	if (!strcmp(argv[1], "fork"))
		return forks();
	if (!strcmp(argv[1], "dl") && argc == 3)
		return dl(argv[2]);
	if (!strcmp(argv[1], "plain")) {
		printf("hello\n");
		return 0;
	}
	return 2;
}
