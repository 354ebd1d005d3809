/* cmd_verify.c - `mdtrace verify TRACE`: replay a trace and compare the
 * table with each /proc/self/maps snapshot the trace holds (taken at exit,
 * and a fork child's view of itself at its start), page by page. */
#define _GNU_SOURCE
#include "cli.h"
#include "procfmt.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mdtrace verify TRACE\n"
	"Compare the table with the kernel's maps recorded in the trace; exit 0\n"
	"when they agree, 1 when they differ.\n";

struct diffs {
	const struct md_table *t;
	const char *where;
	int shown;
};

static int show_piece(const struct md_piece *p, void *arg)
{
	fputs("    table:  ", stdout);
	md_print_proc(stdout, arg, p);
	return 0;
}

static void differ(void *arg, uint64_t s, uint64_t e, const struct md_maps_line *l)
{
	struct diffs *d = arg;
	if (d->shown++ >= 20)
		return;
	printf("differs at %s: %#llx-%#llx\n", d->where, (unsigned long long)s,
	       (unsigned long long)e);
	if (l)
		printf("    kernel: %08llx-%08llx %c%c%c%c %08llx %llu %s\n",
		       (unsigned long long)l->lo, (unsigned long long)l->hi,
		       l->prot & 1 ? 'r' : '-', l->prot & 2 ? 'w' : '-', l->prot & 4 ? 'x' : '-',
		       l->shared ? 's' : 'p', (unsigned long long)l->off,
		       (unsigned long long)l->ino, l->path);
	else
		printf("    kernel: (nothing mapped)\n");
	if (md_table_walk(d->t, s, e, show_piece, (void *)d->t) == 0 && !md_table_next(d->t, s))
		printf("    table:  (nothing mapped)\n");
}

/* A snapshot the table must agree with before this record is applied. */
static const char *snapshot(const struct md_replay *rp, const struct md_rec *r)
{
	if (r->type == MD_EV_END && r->extra_len)
		return "exit";
	if (r->type == MD_EV_SEED && rp->from_parent && r->extra_len)
		return "the fork child's start";
	return NULL;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, 0, 'h'}, {0}};
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			exit(0);
		}
		md_die(EXIT_USAGE, "verify: try 'mdtrace verify --help'");
	}
	if (argc - optind != 1)
		md_die(EXIT_USAGE, "verify: need exactly one TRACE (try --help)");
	struct md_replay rp;
	md_open_replay(&rp, argv[optind], MD_POLICY_CONTRACT);
	int snapshots = 0, bad = 0;
	for (;;) {
		size_t off = rp.off;
		const struct md_rec *r = md_trace_next(&rp.tr, &off);
		if (!r)
			break;
		const char *where = snapshot(&rp, r);
		if (where) {
			char label[64];
			snprintf(label, sizeof label, "%s (event %llu)", where, (unsigned long long)r->seq);
			struct diffs d = {rp.t, label, 0};
			int n = md_table_compare(rp.t, (const char *)md_rec_extra(r), r->extra_len, differ, &d);
			snapshots++;
			if (n < 0)
				md_warn("%s: the maps snapshot at event %llu is malformed", argv[optind],
					(unsigned long long)r->seq);
			bad += n != 0;
		}
		struct md_effect eff;
		md_replay_step(&rp, &eff);
	}
	md_report_damage(&rp);
	md_replay_close(&rp);
	if (!snapshots)
		md_die(EXIT_RUNTIME, "%s: the trace holds no maps snapshot to verify against "
		       "(the program did not exit normally?)", argv[optind]);
	if (bad)
		return 1;
	printf("agree: the table matches the kernel's maps at %d snapshot%s\n", snapshots,
	       snapshots == 1 ? "" : "s");
	return 0;
}
