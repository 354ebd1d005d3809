/* cmd_query.c - `mdtrace query`: would a persistent descriptor over these
 * ranges, captured at one point, be reused, rebuilt or null at another? */
#define _GNU_SOURCE
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mdtrace query [--from=POINT] [--at=POINT] [--direction=in|out|inout]\n"
	"                     [--policy=contract|dma] [--json] TRACE ADDR LEN [ADDR LEN]...\n"
	"POINT is an event number, mark:LABEL, start or end.\n";

#define MAX_HITS 256

struct query {
	struct md_range *ranges;
	size_t n;
	enum md_dir dir;
	enum md_policy policy;
	int json;
	struct md_point from, at;
	uint64_t from_seq, at_seq;
	/* events after the capture that touched the ranges, newest last */
	struct hit {
		const struct md_rec *r;
		struct md_effect eff;
	} hits[MAX_HITS];
	size_t nhits;
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
			if (!strcmp(optarg, "in"))
				q->dir = MD_DIR_IN;
			else if (!strcmp(optarg, "out"))
				q->dir = MD_DIR_OUT;
			else if (!strcmp(optarg, "inout"))
				q->dir = MD_DIR_INOUT;
			else
				md_die(EXIT_USAGE, "query: bad --direction '%s' (in, out or inout)", optarg);
			break;
		case 'p':
			if (md_parse_policy(optarg, &q->policy) < 0)
				md_die(EXIT_USAGE, "query: bad --policy '%s' (contract or dma)", optarg);
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

static int hits_ranges(const struct query *q, const struct md_effect *eff)
{
	for (size_t i = 0; i < q->n; i++)
		if (md_effect_hits(eff, q->ranges[i].addr, q->ranges[i].addr + q->ranges[i].len))
			return 1;
	return 0;
}

static void remember(struct query *q, const struct md_rec *r, const struct md_effect *eff)
{
	if (q->nhits == MAX_HITS) {
		memmove(q->hits, q->hits + 1, (MAX_HITS - 1) * sizeof *q->hits);
		q->nhits--;
	}
	q->hits[q->nhits++] = (struct hit){r, *eff};
}

/* The event that decided the verdict: the one that set the identity, or
 * the newest event that touched the deciding sub-range. */
static const struct md_rec *deciding(const struct query *q, const struct md_verdict *v)
{
	for (size_t i = q->nhits; i-- > 0;) {
		const struct hit *h = &q->hits[i];
		if (v->reason == MD_R_IDENTITY ? h->r->seq == v->ev
					       : md_effect_hits(&h->eff, v->start, v->end))
			return h->r;
	}
	return NULL;
}

/* Capture when every page is mapped (or at the asked point); judge at the
 * end point. */
static struct md_desc *run(struct query *q, struct md_replay *rp, uint64_t *captured_at)
{
	struct md_desc *d = NULL;
	const struct md_rec *r;
	struct md_effect eff;
	int want_from = q->from.kind != MD_PT_NONE;
	if (want_from && q->from_seq == 0) { /* before anything happened: empty */
		d = md_desc_capture(rp->t, q->ranges, q->n, MD_OPT_PERSISTENT, q->dir, 0);
		*captured_at = 0;
	}
	for (;;) {
		size_t off = rp->off;
		r = md_trace_next(&rp->tr, &off);
		if (!r || r->seq > q->at_seq)
			break;
		r = md_replay_step(rp, &eff);
		if (d) {
			if (hits_ranges(q, &eff))
				remember(q, r, &eff);
			continue;
		}
		if (want_from ? r->seq >= q->from_seq : hits_ranges(q, &eff) || r->type == MD_EV_SEED) {
			struct md_desc *c = md_desc_capture(rp->t, q->ranges, q->n, MD_OPT_PERSISTENT,
							    q->dir, r->seq);
			int whole = c != NULL;
			for (size_t i = 0; c && i < c->nsegs; i++)
				whole &= c->segs[i].obj != 0;
			if (want_from || whole) {
				d = c;
				*captured_at = r->seq;
			} else {
				md_desc_release(c);
			}
		}
	}
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
	const struct md_rec *r = deciding(q, v);
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
	const struct md_rec *r = deciding(q, v);
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
	struct query q = {0};
	const char *path;
	parse(&q, argc, argv, &path);
	struct md_replay rp;
	md_open_replay(&rp, path, q.policy);
	char pb[300];
	if (md_point_seq(&rp.tr, &q.at, &q.at_seq) < 0)
		md_die(EXIT_RUNTIME, "%s: no mark '%s' in the trace", path, q.at.label);
	if (md_point_seq(&rp.tr, &q.from, &q.from_seq) < 0)
		md_die(EXIT_RUNTIME, "%s: no mark '%s' in the trace", path, q.from.label);
	if (q.from.kind != MD_PT_NONE && q.from_seq > q.at_seq)
		md_die(EXIT_RUNTIME, "--from=%s comes after --at=%s", md_point_text(&q.from, pb, 100),
		       md_point_text(&q.at, pb + 100, 100));
	uint64_t from = 0;
	struct md_desc *d = run(&q, &rp, &from);
	md_report_damage(&rp);
	if (!d && q.from.kind != MD_PT_NONE)
		md_die(EXIT_RUNTIME, "%s: --from=%s is past the end of the trace (last event %llu)", path,
		       md_point_text(&q.from, pb, 100), (unsigned long long)rp.seq);
	if (!d) {
		if (q.json)
			printf("{\"verdict\":\"null\",\"reason\":\"the ranges were never entirely mapped up to the judging point\",\"reason_code\":\"bad original\",\"from\":null,\"at\":%llu}\n",
			       (unsigned long long)rp.seq);
		else
			printf("null the ranges were never entirely mapped up to event %llu: there is nothing to describe\n",
			       (unsigned long long)rp.seq);
		md_replay_close(&rp);
		free(q.ranges);
		return 0;
	}
	struct md_verdict v;
	md_with_persistent(rp.t, d, q.policy, rp.seq, &v);
	if (q.json)
		print_json(&q, &rp, &v, from, rp.seq);
	else
		print_text(&q, &rp, &v, from, rp.seq);
	md_desc_release(v.desc);
	md_desc_release(d);
	md_replay_close(&rp);
	free(q.ranges);
	return 0;
}
