/* common.c - input files for the fuzz targets (see fuzz.h). */
#define _GNU_SOURCE
#include "fuzz.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];
static char names[8][64];

static void cleanup(void)
{
	for (int i = 0; i < 8 && names[i][0]; i++) {
		unlink(md_fuzz_path(names[i]));
		/* indexes the code under test wrote beside the file */
		char idx[80];
		snprintf(idx, sizeof idx, ".%.63s.idx", names[i]);
		unlink(md_fuzz_path(idx));
	}
	rmdir(dir);
}

const char *md_fuzz_path(const char *name)
{
	static char path[8][400];
	static int next;
	if (!dir[0]) {
		const char *tmp = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/mdtrace-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(dir))
			md_fuzz_fail("mkdtemp");
		atexit(cleanup);
	}
	char *p = path[next++ % 8];
	snprintf(p, sizeof path[0], "%s/%s", dir, name);
	return p;
}

static void remember(const char *name)
{
	for (int i = 0; i < 8; i++)
		if (!names[i][0] || !strcmp(names[i], name)) {
			snprintf(names[i], sizeof names[i], "%s", name);
			return;
		}
}

const char *md_fuzz_file(const char *name, const void *data, size_t size)
{
	const char *path = md_fuzz_path(name);
	remember(name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		md_fuzz_fail("cannot create an input file");
	const char *p = data;
	while (size) {
		ssize_t w = write(fd, p, size);
		if (w <= 0)
			md_fuzz_fail("cannot write an input file");
		p += w;
		size -= (size_t)w;
	}
	close(fd);
	return path;
}

void md_fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz: %s\n", what);
	abort();
}
