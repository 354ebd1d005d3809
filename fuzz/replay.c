/* replay.c - main() for a fuzz target without libFuzzer: run each file
 * named (a saved input: a seed, or a crash kept in fuzz/regress/) through
 * LLVMFuzzerTestOneInput once, as `make check` does.  A sanitizer report
 * or a failed property aborts; otherwise exit 0. */
#include "fuzz.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	size_t cap = 1 << 16, n = 0, k;
	uint8_t *d = malloc(cap);
	while (d && (k = fread(d + n, 1, cap - n, f)) > 0)
		if ((n += k) == cap && !(d = realloc(d, cap *= 2)))
			break;
	fclose(f);
	if (!d) {
		fprintf(stderr, "%s: out of memory\n", path);
		return -1;
	}
	/* the exact bytes, as libFuzzer hands them: no slack to read into */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact)
		return -1;
	memcpy(exact, d, n);
	free(d);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

int main(int argc, char **argv)
{
	int bad = 0;
	for (int i = 1; i < argc; i++)
		bad |= run(argv[i]) < 0;
	return bad;
}
