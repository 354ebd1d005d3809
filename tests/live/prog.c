/* prog.c - a program for the live query tests (the scripts in tests/live), run under
 * `mdtrace run`.  It maps a block and a hole, reports them in STATUS, then
 * obeys commands read from the fifo CMD, one per line, acknowledging each
 * in STATUS:
 *   remap  unmap the block and map new memory at the same address
 *   exec   replace its image with itself (a new trace, the same pid)
 *   exit   end
 * STATUS lines: "ready PID BLOCK HOLE", "remapped BLOCK", "bye".
 * `prog --seal TEXT` prints TEXT with a correct check digest appended (a
 * token's, cli/token.h), for tests that alter a token's fields. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define LEN (64 * 1024)

static FILE *status;

static void say(const char *fmt, void *a)
{
	fprintf(status, fmt, a);
	fflush(status);
}

__attribute__((noinline)) static char *block(void *at, int flags)
{
	char *p = mmap(at, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
	if (p == MAP_FAILED)
		exit(3);
	memset(p, 1, LEN);
	return p;
}

__attribute__((noinline)) static void remap(char *p)
{
	if (munmap(p, LEN)) /* LIVE:unmap */
		exit(4);
	if (block(p, MAP_FIXED) != p) /* LIVE:remap */
		exit(5);
	say("remapped %p\n", p);
}

static int seal(const char *s)
{
	unsigned long long h = 0xcbf29ce484222325ULL;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		h = (h ^ *c) * 0x100000001b3ULL;
	return printf("%s:%016llx\n", s, h) < 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--seal"))
		return seal(argv[2]);
	if (argc != 3)
		return 2;
	status = fopen(argv[2], "a");
	if (!status)
		return 2;
	char *p = block(NULL, 0);
	char *h = block(NULL, 0);
	munmap(h, LEN); /* a hole: nothing mapped there now */
	fprintf(status, "ready %d %p %p\n", (int)getpid(), (void *)p, (void *)h);
	fflush(status);
	for (;;) {
		FILE *cmd = fopen(argv[1], "r"); /* waits for a writer */
		char line[64];
		if (!cmd)
			return 2;
		while (fgets(line, sizeof line, cmd)) {
			if (!strcmp(line, "remap\n"))
				remap(p);
			else if (!strcmp(line, "exec\n"))
				execv("/proc/self/exe", argv);
			else if (!strcmp(line, "exit\n"))
				return say("bye\n", NULL), 0;
		}
		fclose(cmd);
	}
}
