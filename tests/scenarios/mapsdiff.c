/* mapsdiff.c - compare a /proc/PID/maps text (the kernel's) with the output
 * of `mdtrace maps --format=proc` page by page.  Exit 0 when they agree.
 *
 * Two fields the tool cannot know are normalised on both sides first, as
 * mdtrace(1) documents: the [stack] low end (the kernel grows it on a
 * fault), and the shmem inode and device of shared anonymous memory made
 * by a call ("/dev/zero (deleted)").  A System V segment's device and key
 * must match. */
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *s = malloc(cap);
	size_t k;
	while (s && (k = fread(s + n, 1, cap - n, f)) > 0) {
		n += k;
		if (n == cap)
			s = realloc(s, cap *= 2);
	}
	fclose(f);
	*len = n;
	return s;
}

static void normalise(struct maps *m)
{
	for (size_t i = 0; i < m->n; i++) {
		struct maps_line *l = &m->v[i];
		if (!strncmp(l->path, "/dev/zero", 9)) {
			l->maj = l->min = 0;
			l->ino = 0;
		}
	}
}

static int load(const char *path, struct maps *m)
{
	size_t len;
	char *s = slurp(path, &len);
	if (!s || maps_parse(s, len, m) < 0) {
		fprintf(stderr, "mapsdiff: cannot read or parse %s\n", path);
		return -1;
	}
	free(s);
	normalise(m);
	return 0;
}

int main(int argc, char **argv)
{
	struct maps k, t;
	char why[512];
	if (argc != 3) {
		fprintf(stderr, "usage: mapsdiff KERNEL-MAPS TABLE-MAPS\n");
		return 2;
	}
	if (load(argv[1], &k) < 0 || load(argv[2], &t) < 0)
		return 2;
	maps_clip_stack(&k, &t);
	int differ = maps_compare(&k, &t, why, sizeof why) != 0;
	if (differ)
		printf("mapsdiff: %s (first: kernel, second: mdtrace)\n", why);
	maps_free(&k);
	maps_free(&t);
	return differ;
}
