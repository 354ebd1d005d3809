/* cmd_verify.c - `mdtrace verify TRACE...`: replay each trace and compare
 * its table with the /proc/self/maps snapshot taken at exit, page by page. */
#define _GNU_SOURCE
#include "cli.h"
#include "frames.h"
#include "live.h"
#include "procfmt.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mdtrace verify TRACE...\n"
	"       mdtrace verify --pid=PID\n"
	"Compare each trace's table with the kernel's maps recorded at exit, or\n"
	"the table of a running traced process with its /proc/PID/maps (and\n"
	"pagemap frames, where readable) now;\n"
	"exit 0 when they agree, 1 when they differ (or there is nothing to compare).\n";

struct diffs {
	const struct md_table *t;
	const char *where;
	int shown;
	FILE *out;
};

static int show_piece(const struct md_piece *p, void *arg)
{
	const struct diffs *d = arg;
	fputs("    table:  ", d->out);
	md_print_proc(d->out, d->t, p);
	return 0;
}

static void differ(void *arg, uint64_t s, uint64_t e, const struct md_maps_line *l)
{
	struct diffs *d = arg;
	if (d->shown++ >= 20)
		return;
	fprintf(d->out, "differs at %s: %#llx-%#llx\n", d->where, (unsigned long long)s,
	       (unsigned long long)e);
	if (l)
		fprintf(d->out, "    kernel: %08llx-%08llx %c%c%c%c %08llx %llu %s\n",
		       (unsigned long long)l->lo, (unsigned long long)l->hi,
		       l->prot & 1 ? 'r' : '-', l->prot & 2 ? 'w' : '-', l->prot & 4 ? 'x' : '-',
		       l->shared ? 's' : 'p', (unsigned long long)l->off,
		       (unsigned long long)l->ino, l->path);
	else
		fprintf(d->out, "    kernel: (nothing mapped)\n");
	const struct md_piece *p = md_table_next(d->t, s);
	if (!p || p->start >= e)
		fprintf(d->out, "    table:  (nothing mapped)\n");
	else
		md_table_walk(d->t, s, e, show_piece, d);
}

/* A snapshot the table must agree with before this record is applied: the
 * kernel's maps at exit.  (A fork child's first view of itself is not one:
 * the child swaps its parent's trace mapping for its own before it can
 * record anything; the replay reconciles from it instead.) */
static const char *snapshot(const struct md_rec *r)
{
	return r->type == MD_EV_END && r->extra_len ? "exit" : NULL;
}

/* Returns the number of snapshots compared, or -1 if any differed; the
 * verdict lines go to out. */
int md_verify_trace(FILE *out, const char *path)
{
	int snapshots = 0, bad = 0, execd = 0;
	struct md_replay *rp = md_open_replay(path, MD_POLICY_CONTRACT);
	for (;;) {
		const struct md_rec *r = md_replay_peek(rp);
		if (!r)
			break;
		const char *where = snapshot(r);
		if (where) {
			char label[64];
			snprintf(label, sizeof label, "%s (event %llu)", where, (unsigned long long)r->seq);
			struct diffs d = {md_replay_table(rp), label, 0, out};
			int n = md_table_compare(d.t, (const char *)md_rec_extra(r), r->extra_len,
						 differ, &d);
			snapshots++;
			if (n < 0)
				md_warn("%s: the maps snapshot at event %llu is malformed", path,
					(unsigned long long)r->seq);
			bad += n != 0;
		}
		execd = r->type == MD_EV_EXEC && !r->err;
		struct md_effect eff;
		md_replay_step(rp, &eff);
	}
	md_report_damage(rp);
	md_replay_close(rp);
	if (bad) {
		fprintf(out, "%s: differs from the kernel at %d of %d snapshots\n", path, bad, snapshots);
		return -1;
	}
	if (snapshots)
		fprintf(out, "%s: agrees with the kernel at %d snapshot%s\n", path, snapshots,
		       snapshots == 1 ? "" : "s");
	else
		fprintf(out, "%s: no snapshot (%s)\n", path, execd ? "the image was replaced by exec"
							       : "the process did not exit normally");
	return snapshots;
}

/* The frame check (frames.c) of a table that agrees with the maps:
 * 0 when the frames agree or cannot be read, 1 when they differ. */
static int report_frames(pid_t pid, const struct md_frames *fr, int r)
{
	if (r < 0) {
		printf("pid %d: frames: not readable (needs CAP_SYS_ADMIN)\n", (int)pid);
		return 0;
	}
	if (fr->ndiffs) {
		md_frames_print(stdout, fr, 20);
		printf("pid %d: the frames differ from /proc/%d/pagemap at %zu range pair%s\n",
		       (int)pid, (int)pid, fr->ndiffs, fr->ndiffs == 1 ? "" : "s");
		return 1;
	}
	printf("pid %d: the frames agree with /proc/%d/pagemap (%zu present pages, %zu of them "
	       "the same memory as another)\n", (int)pid, (int)pid, fr->present, fr->shared);
	return 0;
}

/* Replay what is committed, read /proc/PID/maps, and accept the pair when
 * no record was added meanwhile; a change caught between its system call
 * and its record looks like a difference, so a few tries are made. */
static int verify_pid(pid_t pid)
{
	char proc[64];
	char *path = md_pid_trace(pid, 1), *maps = NULL;
	size_t len;
	snprintf(proc, sizeof proc, "/proc/%d/maps", (int)pid);
	int n = -1, fr_r = -1;
	struct md_frames fr = {0};
	for (int attempt = 0; attempt < 5 && n != 0; attempt++) {
		struct md_effect eff;
		struct md_replay *rp = md_open_replay(path, MD_POLICY_CONTRACT);
		const struct md_trace_header *h = md_replay_header(rp);
		while (md_replay_step(rp, &eff))
			;
		uint64_t seq = __atomic_load_n(&h->next_seq, __ATOMIC_ACQUIRE);
		free(maps);
		if (!(maps = md_read_all(proc, &len)))
			md_die(EXIT_RUNTIME, "process %d went away", (int)pid);
		if (__atomic_load_n(&h->next_seq, __ATOMIC_ACQUIRE) == seq) {
			char label[64];
			snprintf(label, sizeof label, "pid %d now (event %llu)", (int)pid,
				 (unsigned long long)md_replay_seq(rp));
			struct diffs d = {md_replay_table(rp), label, 0, stdout};
			/* only the last try prints what differs */
			n = md_table_compare(d.t, maps, len, attempt == 4 ? differ : NULL, &d);
			if (n == 0) {
				md_frames_free(&fr);
				fr_r = md_frames_check(pid, d.t, &fr);
				/* frames read across a change are retried too */
				if (__atomic_load_n(&h->next_seq, __ATOMIC_ACQUIRE) != seq ||
				    (fr.ndiffs && attempt < 4))
					n = -1;
			}
		}
		md_replay_close(rp);
	}
	if (n < 0)
		md_warn("%s kept changing: no consistent view to compare", proc);
	else if (n > 0)
		printf("pid %d: the table differs from %s\n", (int)pid, proc);
	free(maps);
	if (n == 0) {
		printf("pid %d: the table agrees with %s (trace %s)\n", (int)pid, proc, path);
		n = report_frames(pid, &fr, fr_r);
	}
	md_frames_free(&fr);
	free(path);
	return n == 0 ? 0 : 1;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{"pid", required_argument, 0, 'p'}, {"help", no_argument, 0, 'h'}, {0}};
	uint64_t pid = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			exit(0);
		}
		if (c == 'p') {
			if (md_parse_pid(optarg, &pid) < 0)
				md_die(EXIT_USAGE, "verify: bad --pid '%s'", optarg);
			continue;
		}
		md_die(EXIT_USAGE, "verify: unknown option or missing argument '%s' (try 'mdtrace verify --help')", argv[optind - 1]);
	}
	if (pid) {
		if (optind < argc)
			md_die(EXIT_USAGE, "verify: give --pid or TRACE files, not both");
		return verify_pid((pid_t)pid);
	}
	if (optind >= argc)
		md_die(EXIT_USAGE, "verify: need one or more TRACE files or --pid=PID (try --help)");
	int total = 0, bad = 0;
	for (int i = optind; i < argc; i++) {
		int n = md_verify_trace(stdout, argv[i]);
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
