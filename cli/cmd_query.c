/* cmd_query.c - `mdtrace query`: would a persistent descriptor over these
 * ranges, captured at one point, be reused, rebuilt or null at another? */
#define _GNU_SOURCE
#include "cli.h"
#include "hits.h"
#include "live.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mdtrace query [--from=POINT] [--at=POINT] [--direction=in|out|inout]\n"
	"                     [--policy=contract|dma|xnu] [--json] TRACE ADDR LEN [ADDR LEN]...\n"
	"       mdtrace query --pid=PID [--json] TOKEN   (TOKEN from mdtrace capture)\n"
	"POINT is an event number, mark:LABEL, start or end.\n";

struct query {
	struct md_range *ranges;
	size_t n;
	enum md_dir dir;
	enum md_policy policy;
	int json;
	struct md_point from, at;
	uint64_t from_seq, at_seq;
	struct md_hits hits; /* events after the capture that touched the ranges */
};

static void parse(struct query *q, int argc, char **argv, const char **trace)
{
	static const struct option opts[] = {
		{"from", required_argument, 0, 'f'}, {"at", required_argument, 0, 'a'},
		{"json", no_argument, 0, 'j'}, {"direction", required_argument, 0, 'd'},
		{"policy", required_argument, 0, 'p'}, {"help", no_argument, 0, 'h'}, {0}};
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (md_parse_point(optarg, &q->from) < 0)
				md_die(EXIT_USAGE, "query: bad --from point '%s' (event number, mark:LABEL, start or end)", optarg);
			break;
		case 'a':
			if (md_parse_point(optarg, &q->at) < 0)
				md_die(EXIT_USAGE, "query: bad --at point '%s' (event number, mark:LABEL, start or end)", optarg);
			break;
		case 'j':
			q->json = 1;
			break;
		case 'd':
			if (md_parse_dir(optarg, &q->dir) < 0)
				md_die(EXIT_USAGE, "query: bad --direction '%s' (in, out or inout)", optarg);
			break;
		case 'p':
			if (md_parse_policy(optarg, &q->policy) < 0)
				md_die(EXIT_USAGE, "query: bad --policy '%s' (contract, dma or xnu)", optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			md_die(EXIT_USAGE, "query: unknown option or missing argument '%s' (try 'mdtrace query --help')", argv[optind - 1]);
		}
	}
	int left = argc - optind;
	if (left < 3 || (left - 1) % 2)
		md_die(EXIT_USAGE, "query: need TRACE and one or more ADDR LEN pairs (try --help)");
	*trace = argv[optind];
	q->n = (size_t)(left - 1) / 2;
	q->ranges = calloc(q->n, sizeof *q->ranges);
	if (!q->ranges)
		md_die(EXIT_RUNTIME, "out of memory");
	for (size_t i = 0; i < q->n; i++) {
		const char *a = argv[optind + 1 + 2 * i], *l = argv[optind + 2 + 2 * i];
		if (md_parse_u64(a, &q->ranges[i].addr) < 0)
			md_die(EXIT_USAGE, "query: bad address '%s' (hex 0x... or decimal)", a);
		if (md_parse_len(l, &q->ranges[i].len) < 0)
			md_die(EXIT_USAGE, "query: bad length '%s' (a positive number, optionally with k, M or G)", l);
		if (q->ranges[i].addr + q->ranges[i].len < q->ranges[i].addr)
			md_die(EXIT_USAGE, "query: range %s+%s wraps around the address space", a, l);
	}
}

/* Replay up to file offset `end` or the judging point, whichever is first:
 * capture when every page is mapped (or at the asked point), then collect
 * the events that touch the ranges.  Returns 1 at the judging point. */
static int span(struct query *q, struct md_replay *rp, size_t end, struct md_desc **d,
		uint64_t *captured_at, struct md_hits *hits)
{
	const struct md_rec *r;
	struct md_effect eff;
	int want_from = q->from.kind != MD_PT_NONE;
	while (md_replay_offset(rp) < end) {
		if (!(r = md_replay_step_to(rp, q->at_seq, &eff)))
			return 1;
		if (*d) {
			if (md_ranges_hit(q->ranges, q->n, &eff))
				md_hits_add(hits, r, &eff);
			continue;
		}
		if (want_from ? r->seq >= q->from_seq : md_ranges_hit(q->ranges, q->n, &eff) || r->type == MD_EV_SEED) {
			struct md_desc *c = md_desc_capture(md_replay_table(rp), q->ranges, q->n, MD_OPT_PERSISTENT,
							    q->dir, r->seq);
			int whole = c != NULL;
			for (size_t i = 0; c && i < c->nsegs; i++)
				whole &= c->segs[i].obj != 0;
			if (want_from || whole) {
				*d = c;
				*captured_at = r->seq;
			} else {
				md_desc_release(c);
			}
		}
	}
	return 0;
}

static int touches(const struct query *q, const struct md_index *ix, uint32_t k)
{
	for (size_t i = 0; i < q->n; i++)
		if (md_index_touches(ix, k, q->ranges[i].addr, q->ranges[i].addr + q->ranges[i].len))
			return 1;
	return 0;
}

static size_t ck_end(const struct md_index *ix, uint32_t k)
{
	return k + 1 < md_index_count(ix) ? md_index_offset(ix, k + 1) : SIZE_MAX;
}

/* Hits in intervals lo..hi-1 put before those in acc, newest intervals
 * first until acc is full; replayed from their checkpoints in a second
 * replay.  d is the captured descriptor. */
static int older_hits(struct query *q, struct md_replay *rp, const struct md_index *ix,
		      uint32_t lo, uint32_t hi, struct md_desc *d, struct md_hits *acc)
{
	static struct md_hits one, merged;
	char err[600];
	uint64_t unused;
	if (hi <= lo)
		return 0;
	struct md_replay *b = md_replay_twin(rp, err, sizeof err);
	if (!b)
		return -1;
	for (uint32_t k = hi; k-- > lo && acc->n < MD_HITS_MAX;) {
		if (!touches(q, ix, k))
			continue;
		if (md_replay_restore(b, ix, k) < 0) {
			md_replay_close(b);
			return -1;
		}
		md_hits_clear(&one);
		span(q, b, ck_end(ix, k), &d, &unused, &one);
		for (size_t i = 0; i < one.n; i++)
			one.h[i].r = md_replay_same_record(rp, b, one.h[i].r);
		md_hits_clear(&merged);
		md_hits_append(&merged, &one);
		md_hits_append(&merged, acc);
		*acc = merged;
	}
	md_replay_close(b);
	return 0;
}

/* Phase one of run_indexed: capture, replaying only the intervals that
 * can (the touching ones; from --from's checkpoint on).  Returns the
 * interval rp stopped at the end of, or -1 when judged or damaged (*err). */
static long capture_indexed(struct query *q, struct md_replay *rp, const struct md_index *ix,
			    struct md_desc **d, uint64_t *captured_at, struct md_hits *a, int *err)
{
	uint32_t n = md_index_count(ix), k = 0;
	if (q->from.kind != MD_PT_NONE && q->from_seq == 0) {
		*d = md_desc_capture(md_replay_table(rp), q->ranges, q->n, MD_OPT_PERSISTENT, q->dir, 0);
		*captured_at = 0;
	} else if (q->from.kind != MD_PT_NONE) {
		long c0 = md_replay_near(rp, q->from_seq - 1);
		if (c0 < 0)
			return *err = -1;
		k = (uint32_t)c0;
	} else {
		for (; k < n && md_index_maxseq(ix, k) <= q->at_seq; k++)
			if (touches(q, ix, k))
				break;
		if (k == n || md_index_maxseq(ix, k) > q->at_seq) { /* never captured */
			md_replay_seek(rp, q->at_seq);
			return -1;
		}
		if (md_replay_offset(rp) != md_index_offset(ix, k) && md_replay_restore(rp, ix, k) < 0)
			return *err = -1;
	}
	for (;; k++) {
		if (k >= n || span(q, rp, ck_end(ix, k), d, captured_at, a))
			return -1;
		if (*d)
			return k;
		if (q->from.kind != MD_PT_NONE)
			continue;
		/* default capture: on to the next interval that touches the ranges */
		uint32_t m = k + 1;
		while (m < n && md_index_maxseq(ix, m) <= q->at_seq && !touches(q, ix, m))
			m++;
		if (m == n || md_index_maxseq(ix, m) > q->at_seq) {
			md_replay_seek(rp, q->at_seq);
			return -1;
		}
		if (m != k + 1 && md_replay_restore(rp, ix, m) < 0)
			return *err = -1;
		k = m - 1;
	}
}

/* run() from checkpoints: capture as above, judge from the checkpoint
 * nearest the judging point, and look back for the touching events only
 * as far as the hit list reaches. */
static int run_indexed(struct query *q, struct md_replay *rp, const struct md_index *ix,
		       struct md_desc **d, uint64_t *captured_at)
{
	static struct md_hits a, c;
	int err = 0;
	md_hits_clear(&a);
	md_hits_clear(&c);
	long k = capture_indexed(q, rp, ix, d, captured_at, &a, &err);
	if (k >= 0) {
		long j = md_replay_near(rp, q->at_seq);
		if (j < 0)
			return -1;
		span(q, rp, SIZE_MAX, d, captured_at, &c);
		if (older_hits(q, rp, ix, (uint32_t)k + 1, (uint32_t)j, *d, &c) < 0)
			return -1;
	}
	md_hits_clear(&q->hits);
	md_hits_append(&q->hits, &a);
	md_hits_append(&q->hits, &c);
	/* a checkpoint found damaged on the way (a seek restores them too):
	 * what was decided from the index is not to be trusted */
	return md_replay_index(rp) ? err : -1;
}

/* Capture when every page is mapped (or at the asked point); judge at the
 * end point. */
static struct md_desc *run(struct query *q, struct md_replay *rp, uint64_t *captured_at)
{
	struct md_desc *d = NULL;
	const struct md_index *ix = md_replay_index(rp);
	if (ix && run_indexed(q, rp, ix, &d, captured_at) == 0)
		return d;
	if (ix) { /* a damaged checkpoint: start over, without the index */
		md_replay_index_damaged(rp);
		md_desc_release(d);
		d = NULL;
		md_hits_clear(&q->hits);
		md_replay_near(rp, 0);
	}
	int want_from = q->from.kind != MD_PT_NONE;
	if (want_from && q->from_seq == 0) { /* before anything happened: empty */
		d = md_desc_capture(md_replay_table(rp), q->ranges, q->n, MD_OPT_PERSISTENT, q->dir, 0);
		*captured_at = 0;
	}
	span(q, rp, SIZE_MAX, &d, captured_at, &q->hits);
	return d;
}

static void print_text(const struct query *q, const struct md_replay *rp,
		       const struct md_verdict *v, uint64_t from, uint64_t at)
{
	char buf[512];
	md_verdict_explain(v, buf, sizeof buf);
	/* The explanation starts "verdict: ..."; print the word, then the rest. */
	const char *rest = strchr(buf, ':');
	printf("%s %s\n", md_verdict_name(v->kind), rest ? rest + 2 : buf);
	printf("  captured at event %llu, judged at event %llu\n", (unsigned long long)from,
	       (unsigned long long)at);
	const struct md_rec *r = md_hits_deciding(&q->hits, v);
	if (r)
		md_describe_event(stdout, rp, r, "  ");
}

static void print_json(const struct query *q, const struct md_replay *rp,
		       const struct md_verdict *v, uint64_t from, uint64_t at)
{
	char buf[512];
	md_verdict_explain(v, buf, sizeof buf);
	const char *rest = strchr(buf, ':');
	printf("{\"verdict\":\"%s\",\"reason\":", md_verdict_name(v->kind));
	md_json_string(stdout, rest ? rest + 2 : buf);
	printf(",\"reason_code\":\"%s\",\"from\":%llu,\"at\":%llu", md_reason_name(v->reason),
	       (unsigned long long)from, (unsigned long long)at);
	if (v->start < v->end)
		printf(",\"range\":{\"start\":\"%#llx\",\"end\":\"%#llx\"}",
		       (unsigned long long)v->start, (unsigned long long)v->end);
	const struct md_rec *r = md_hits_deciding(&q->hits, v);
	if (r) {
		char *call = NULL;
		size_t n = 0;
		FILE *m = open_memstream(&call, &n);
		if (m) {
			md_describe_call(m, r);
			fclose(m);
		}
		printf(",\"event\":{\"seq\":%llu,\"tid\":%u,\"call\":", (unsigned long long)r->seq, r->tid);
		md_json_string(stdout, call ? call : "");
		free(call);
		printf(",\"stack\":[");
		for (unsigned i = 0; i < r->nframes; i++) {
			char *fr = NULL;
			size_t fn = 0;
			FILE *fm = open_memstream(&fr, &fn);
			if (fm) {
				md_describe_frame(fm, rp, md_rec_frames(r)[i], r->seq);
				fclose(fm);
			}
			fputs(i ? "," : "", stdout);
			md_json_string(stdout, fr ? fr : "");
			free(fr);
		}
		printf("]}");
	}
	printf("}\n");
}

int cmd_query(int argc, char **argv)
{
	/* --pid=PID TOKEN: a running process (live_query.c) */
	for (int i = 1; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--"); i++)
		if (!strncmp(argv[i], "--pid", 5))
			return md_live_query(argc, argv);
	struct query q = {0};
	const char *path;
	parse(&q, argc, argv, &path);
	struct md_replay *rp = md_open_replay(path, q.policy);
	char pb[300];
	if (md_point_seq(rp, &q.at, &q.at_seq) < 0)
		md_die(EXIT_RUNTIME, "%s: no mark '%s' in the trace", path, q.at.label);
	if (md_point_seq(rp, &q.from, &q.from_seq) < 0)
		md_die(EXIT_RUNTIME, "%s: no mark '%s' in the trace", path, q.from.label);
	if (q.from.kind != MD_PT_NONE && q.from_seq > q.at_seq)
		md_die(EXIT_RUNTIME, "--from=%s comes after --at=%s", md_point_text(&q.from, pb, 100),
		       md_point_text(&q.at, pb + 100, 100));
	uint64_t from = 0;
	struct md_desc *d = run(&q, rp, &from);
	uint64_t at = md_replay_seq(rp);
	md_report_damage(rp);
	if (!d && q.from.kind != MD_PT_NONE)
		md_die(EXIT_RUNTIME, "%s: --from=%s is past the end of the trace (last event %llu)", path,
		       md_point_text(&q.from, pb, 100), (unsigned long long)at);
	if (!d) {
		if (q.json)
			printf("{\"verdict\":\"null\",\"reason\":\"the ranges were never entirely mapped up to the judging point\",\"reason_code\":\"bad original\",\"from\":null,\"at\":%llu}\n",
			       (unsigned long long)at);
		else
			printf("null the ranges were never entirely mapped up to event %llu: there is nothing to describe\n",
			       (unsigned long long)at);
		md_replay_close(rp);
		free(q.ranges);
		return 0;
	}
	struct md_verdict v;
	md_with_persistent(md_replay_table(rp), d, q.policy, at, &v);
	if (q.json)
		print_json(&q, rp, &v, from, at);
	else
		print_text(&q, rp, &v, from, at);
	md_desc_release(v.desc);
	md_desc_release(d);
	md_replay_close(rp);
	free(q.ranges);
	return 0;
}
