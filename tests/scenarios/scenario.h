/* scenario.h - helpers for the end-to-end scenario programs.
 *
 * checkpoint(label) records a mark in the trace and, right after, copies
 * /proc/self/maps to $SCENARIO_DIR/<label>.maps with calls that change no
 * mapping, so the driver can compare `mdtrace maps --at=mark:<label>` with
 * the kernel's own view at the same moment.  expect() prints the verdict a
 * descriptor must get by mdtrace-verdicts(7); the driver checks it with
 * `mdtrace query` (expect_policy: under that policy). */
#ifndef SCENARIO_H
#define SCENARIO_H
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void mdtrace_mark(const char *label) __attribute__((weak));

static inline void checkpoint(const char *label)
{
	static char buf[1 << 20];
	char path[4096];
	const char *dir = getenv("SCENARIO_DIR");
	if (mdtrace_mark)
		mdtrace_mark(label);
	if (!dir)
		return;
	/* one read pass into a static buffer: no allocation, no mapping */
	int in = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n;
	while (in >= 0 && len < sizeof buf && (n = read(in, buf + len, sizeof buf - len)) > 0)
		len += (size_t)n;
	if (in >= 0)
		close(in);
	strcpy(path, dir);
	strcat(path, "/");
	strcat(path, label);
	strcat(path, ".maps");
	int out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0 || write(out, buf, len) != (ssize_t)len) {
		perror(path);
		exit(99);
	}
	close(out);
}

/* The driver runs: mdtrace query --from=mark:FROM --at=mark:AT TRACE ADDR LEN
 * and checks the first word.  expect_at takes the address as a number, for
 * memory already given back. */
static inline void expect_at(const char *verdict, const char *from, const char *at,
			     unsigned long addr, size_t len)
{
	printf("EXPECT %s %s %s %#lx %zu\n", verdict, from, at, addr, len);
	fflush(stdout);
}

static inline void expect(const char *verdict, const char *from, const char *at,
			  const void *addr, size_t len)
{
	expect_at(verdict, from, at, (unsigned long)addr, len);
}

/* The same, checked with mdtrace query --policy=POLICY. */
static inline void expect_policy(const char *policy, const char *verdict, const char *from,
				 const char *at, const void *addr, size_t len)
{
	printf("EXPECT %s %s %s %#lx %zu %s\n", verdict, from, at, (unsigned long)addr, len, policy);
	fflush(stdout);
}

static inline void *map_anon(void *hint, size_t len, int extra)
{
	void *p = mmap(hint, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | extra, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(99);
	}
	return p;
}

#endif
