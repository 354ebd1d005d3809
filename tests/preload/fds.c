/* fds.c - a program that treats every descriptor above 2 as its own, as
 * daemons, shells and closerange() do (mdtrace-preload(7), DESCRIPTORS).
 * One mode per run, then its own files opened, mapping calls made (with
 * stacks: libunwind's pipe in play) and each file written:
 *   range     close_range(3, ~0) through libc
 *   raw       the same through syscall()
 *   closefrom closefrom(3)
 *   each      close() of every descriptor from 3 to the limit, printing
 *             how many succeeded (as without mdtrace: none)
 *   dup2      dup2() of one file onto every descriptor from 3 to the limit,
 *             then close_range(3, ~0)
 *   exec      closefrom(3), then exec sh writing a file (and exec true, which
 *             exits through exit(), so its trace has its end)
 * ARGV[2] is the directory of the files. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static int limit(void)
{
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	return rl.rlim_cur > 4096 ? 4096 : (int)rl.rlim_cur;
}

static void work(const char *dir)
{
	int fds[6];
	char path[4096];
	for (int i = 0; i < 6; i++) {
		snprintf(path, sizeof path, "%s/f%d", dir, i);
		fds[i] = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	}
	for (int r = 0; r < 3000; r++) { /* enough to flush the ring and grow the trace */
		void *p = mmap(0, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		munmap(p, 1 << 16);
	}
	for (int i = 0; i < 6; i++) {
		dprintf(fds[i], "file %d on fd %d\n", i, fds[i]);
		close(fds[i]);
	}
	printf("fds");
	for (int i = 0; i < 6; i++)
		printf(" %d", fds[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	const char *m = argv[1], *dir = argv[2];
	char path[4096];
	if (argc != 3)
		return 2;
	for (int i = 0; i < 20; i++) /* records before the closing */
		free(malloc(1 << 20));
	if (!strcmp(m, "range")) {
		printf("close_range %d\n", close_range(3, ~0U, 0));
	} else if (!strcmp(m, "raw")) {
		printf("close_range %ld\n", syscall(SYS_close_range, 3, ~0U, 0));
	} else if (!strcmp(m, "closefrom")) {
		closefrom(3);
	} else if (!strcmp(m, "each")) {
		int ok = 0, n = limit();
		for (int fd = 3; fd < n; fd++)
			ok += close(fd) == 0;
		printf("closed %d\n", ok);
	} else if (!strcmp(m, "dup2")) {
		int n = limit(), bad = 0;
		snprintf(path, sizeof path, "%s/dup", dir);
		int f = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
		for (int fd = 3; fd < n; fd++)
			bad += fd != f && dup2(f, fd) != fd;
		for (int r = 0; r < 200; r++)
			free(malloc(1 << 20));
		printf("dup2 failed %d\n", bad);
		dprintf(f, "dup2 file\n");
		close_range(3, ~0U, 0);
	} else if (!strcmp(m, "exec")) {
		closefrom(3);
		snprintf(path, sizeof path, "for i in 1 2 3; do echo line $i; done >%s/sh; exec true", dir);
		fflush(stdout);
		execl("/bin/sh", "sh", "-c", path, (char *)0);
		return 127;
	} else {
		return 2;
	}
	work(dir);
	return 0;
}
