/* mkseed.c - a small seed for the fuzzers from a real trace: the same
 * header with no ring (every record in the body, from offset 4096), and
 * only the first FIRST and the last LAST committed records, each given the
 * tag of its new place.  A 300 KiB trace, most of it an empty ring, makes
 * a seed of a few KiB that the reader and replay take as they took it.
 * usage: mkseed TRACE OUT [FIRST [LAST]] */
#include "reader.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int put(FILE *out, const struct md_rec *r, size_t *at)
{
	struct md_rec head = *r;
	head.tag = MD_REC_TAG(*at);
	*at += r->size;
	size_t rest = r->size - sizeof head;
	return fwrite(&head, sizeof head, 1, out) == 1 &&
	       fwrite(r + 1, 1, rest, out) == rest ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct md_trace t;
	if (argc < 3 || md_trace_open(&t, argv[1]) < 0) {
		fprintf(stderr, "mkseed: %s\n", argc < 3 ? "usage: mkseed TRACE OUT [FIRST [LAST]]" : t.err);
		return 2;
	}
	uint64_t first = argc > 3 ? strtoull(argv[3], NULL, 10) : 50;
	uint64_t last = argc > 4 ? strtoull(argv[4], NULL, 10) : 5, n = 0, k = 0;
	size_t off = 0;
	while (md_trace_next(&t, &off))
		n++;
	FILE *out = fopen(argv[2], "wb");
	struct md_trace_header h = *t.h;
	h.header_size = MD_TRACE_HEADER;
	h.ring_off = h.ring_size = 0;
	h.committed = h.reserved = 0; /* written last, when known */
	if (!out || fwrite(&h, sizeof h, 1, out) != 1 || fseek(out, MD_TRACE_HEADER, SEEK_SET) < 0)
		return 1;
	size_t at = MD_TRACE_HEADER;
	const struct md_rec *r;
	for (off = 0; (r = md_trace_next(&t, &off)); k++)
		if ((k < first || k + last >= n) && put(out, r, &at) < 0)
			return 1;
	h.committed = h.reserved = at;
	if (fseek(out, 0, SEEK_SET) < 0 || fwrite(&h, sizeof h, 1, out) != 1 || fclose(out))
		return 1;
	md_trace_close(&t);
	return 0;
}
