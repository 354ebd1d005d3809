/* trace_dump.c - print a trace's records one per line for the shell tests:
 *   seq type flags err a0 a1 a2 a3 a4 a5 ret nframes extra_len
 * all numbers in decimal (addresses fit awk's doubles exactly).
 * Reads the format of lib/trace/format.h directly, not the writer's code. */
#include "format.h"
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct stat st;
	const struct md_trace_header *h;
	const unsigned char *m;
	uint64_t off;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: trace_dump TRACE\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size < MD_TRACE_HEADER) {
		perror(argv[1]);
		return 1;
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	h = (const void *)m;
	if (memcmp(h->magic, MD_TRACE_MAGIC, 8)) {
		fprintf(stderr, "%s: not a trace\n", argv[1]);
		return 1;
	}
	printf("# flags %u\n", h->flags);
	printf("# dropped %" PRIu64 " reserved %" PRIu64 " next_seq %" PRIu64 "\n", h->dropped, h->reserved, h->next_seq);
	for (off = h->header_size; off + sizeof(struct md_rec) <= (uint64_t)st.st_size;) {
		const struct md_rec *r = (const void *)(m + off);
		if (r->commit != MD_REC_COMMIT || r->size < sizeof *r || off + r->size > (uint64_t)st.st_size)
			break;
		printf("%" PRIu64 " %u %u %d", r->seq, r->type, r->flags, r->err);
		for (int i = 0; i < 6; i++)
			printf(" %" PRIu64, r->args[i]);
		printf(" %" PRIu64 " %u %u\n", r->ret, r->nframes, r->extra_len);
		off += r->size;
	}
	if (off < h->reserved)
		printf("# stopped at %" PRIu64 ": no committed record there\n", off);
	return 0;
}
