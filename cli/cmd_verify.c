/* cmd_verify.c - `mdtrace verify TRACE...`: replay each trace and compare
 * its table with the /proc/self/maps snapshot taken at exit, page by page. */
#define _GNU_SOURCE
#include "cli.h"
#include "procfmt.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mdtrace verify TRACE...\n"
	"Compare each trace's table with the kernel's maps recorded at exit;\n"
	"exit 0 when they agree, 1 when any differ or no trace holds a snapshot.\n";

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
	const struct md_piece *p = md_table_next(d->t, s);
	if (!p || p->start >= e)
		printf("    table:  (nothing mapped)\n");
	else
		md_table_walk(d->t, s, e, show_piece, (void *)d->t);
}

/* A snapshot the table must agree with before this record is applied: the
 * kernel's maps at exit.  (A fork child's first view of itself is not one:
 * the child swaps its parent's trace mapping for its own before it can
 * record anything; the replay reconciles from it instead.) */
static const char *snapshot(const struct md_rec *r)
{
	return r->type == MD_EV_END && r->extra_len ? "exit" : NULL;
}

/* Returns the number of snapshots compared, or -1 if any differed. */
static int verify_one(const char *path)
{
	struct md_replay rp;
	int snapshots = 0, bad = 0, execd = 0;
	md_open_replay(&rp, path, MD_POLICY_CONTRACT);
	for (;;) {
		size_t off = rp.off;
		const struct md_rec *r = md_trace_next(&rp.tr, &off);
		if (!r)
			break;
		const char *where = snapshot(r);
		if (where) {
			char label[64];
			snprintf(label, sizeof label, "%s (event %llu)", where, (unsigned long long)r->seq);
			struct diffs d = {rp.t, label, 0};
			int n = md_table_compare(rp.t, (const char *)md_rec_extra(r), r->extra_len,
						 differ, &d);
			snapshots++;
			if (n < 0)
				md_warn("%s: the maps snapshot at event %llu is malformed", path,
					(unsigned long long)r->seq);
			bad += n != 0;
		}
		execd = r->type == MD_EV_EXEC && !r->err;
		struct md_effect eff;
		md_replay_step(&rp, &eff);
	}
	md_report_damage(&rp);
	md_replay_close(&rp);
	if (bad) {
		printf("%s: differs from the kernel at %d of %d snapshots\n", path, bad, snapshots);
		return -1;
	}
	if (snapshots)
		printf("%s: agrees with the kernel at %d snapshot%s\n", path, snapshots,
		       snapshots == 1 ? "" : "s");
	else
		printf("%s: no snapshot (%s)\n", path, execd ? "the image was replaced by exec"
							       : "the process did not exit normally");
	return snapshots;
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
		md_die(EXIT_USAGE, "verify: unknown option or missing argument '%s' (try 'mdtrace verify --help')", argv[optind - 1]);
	}
	if (optind >= argc)
		md_die(EXIT_USAGE, "verify: need one or more TRACE files (try --help)");
	int total = 0, bad = 0;
	for (int i = optind; i < argc; i++) {
		int n = verify_one(argv[i]);
		if (n < 0)
			bad++;
		else
			total += n;
	}
	if (bad)
		return 1;
	if (!total)
		md_die(EXIT_RUNTIME, "no trace holds a maps snapshot to verify against");
	return 0;
}
