/* trace_dump.c - print a trace's records one per line for the shell tests:
 *   seq type flags err a0 a1 a2 a3 a4 a5 ret nframes extra_len
 * all numbers in decimal (addresses fit awk's doubles exactly).  Reads with
 * the command's checked reader (lib/trace/reader.c), not the writer's code,
 * so records still in the ring of a killed or live trace are listed too.
 *   trace_dump --constants
 * prints the record types and flags as shell assignments (EV_MMAP=2 ...,
 * from events.def) for the scripts to eval. */
#include "events.h"
#include "reader.h"
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int constants(void)
{
	for (unsigned t = 1; t < MD_EV_MAX; t++) {
		const char *n = md_ev_name(t);
		printf("EV_");
		for (size_t i = 0; n[i]; i++)
			putchar(toupper((unsigned char)n[i]));
		printf("=%u\n", t);
	}
	printf("RF_TOOL=%u\nRF_RAW=%u\nRF_TRAPPED=%u\n", MD_RF_TOOL, MD_RF_RAW_SYSCALL,
	       MD_RF_TRAPPED);
	printf("TF_BLIND=%u\nTF_CLOSED=%u\nTF_PTRACE=%u\n", MD_TF_BLIND, MD_TF_CLOSED,
	       MD_TF_PTRACE);
	return 0;
}

int main(int argc, char **argv)
{
	struct md_trace t;
	const struct md_rec *r;
	size_t off = 0;

	if (argc == 2 && !strcmp(argv[1], "--constants"))
		return constants();
	if (argc != 2) {
		fprintf(stderr, "usage: trace_dump TRACE | --constants\n");
		return 2;
	}
	if (md_trace_open(&t, argv[1]) < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], t.err);
		return 1;
	}
	printf("# flags %u\n", t.h->flags);
	printf("# dropped %" PRIu64 " reserved %" PRIu64 " next_seq %" PRIu64 "\n", t.h->dropped,
	       t.h->reserved, t.h->next_seq);
	while ((r = md_trace_next(&t, &off))) {
		/* MD_RF_TIMED marks a random sample: the tests compare the rest */
		printf("%" PRIu64 " %u %u %d", r->seq, r->type, r->flags & ~MD_RF_TIMED, r->err);
		for (int i = 0; i < 6; i++)
			printf(" %" PRIu64, r->args[i]);
		printf(" %" PRIu64 " %u %u\n", r->ret, r->nframes, r->extra_len);
	}
	if (t.truncated)
		printf("# stopped: %s\n", t.err);
	md_trace_close(&t);
	return 0;
}
