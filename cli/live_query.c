/* live_query.c - `mdtrace query --pid=PID TOKEN`: the verdict now for a
 * descriptor captured by `mdtrace capture`.  The trace is replayed to the
 * token's capture point, the descriptor captured again there and checked
 * against the token, then judged at what is committed now: the same
 * md_desc_capture and md_with_persistent the trace query uses. */
#define _GNU_SOURCE
#include "cli.h"
#include "hits.h"
#include "live.h"
#include "token.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mdtrace query --pid=PID [--json] TOKEN\n"
	"Judge, now, the descriptor TOKEN (printed by `mdtrace capture --pid=PID`)\n"
	"in the running traced process PID; list the events since the capture that\n"
	"touched its ranges.  The token carries the ranges, direction and policy.\n";

struct live {
	struct md_token tok;
	int json;
	struct md_hits hits; /* events after the capture that touched the ranges */
};

static pid_t parse(struct live *q, int argc, char **argv)
{
	static const struct option opts[] = {
		{"pid", required_argument, 0, 'p'}, {"json", no_argument, 0, 'j'},
		{"help", no_argument, 0, 'h'}, {0}};
	uint64_t pid = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			exit(0);
		} else if (c == 'j') {
			q->json = 1;
		} else if (c == 'p') {
			if (md_parse_pid(optarg, &pid) < 0)
				md_die(EXIT_USAGE, "query: bad --pid '%s'", optarg);
		} else {
			md_die(EXIT_USAGE, "query: with --pid, only --json may be given ('%s'; the token carries the rest)", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		md_die(EXIT_USAGE, "query: with --pid, give exactly one TOKEN (try 'mdtrace query --pid=PID --help')");
	char why[200];
	if (md_token_parse(argv[optind], &q->tok, why, sizeof why) < 0)
		md_die(EXIT_USAGE, "query: bad token: %s", why);
	return (pid_t)pid;
}

static void touched(void *arg, const struct md_rec *r, const struct md_effect *eff)
{
	struct live *q = arg;
	if (md_ranges_hit(q->tok.ranges, q->tok.n, eff))
		md_hits_add(&q->hits, r, eff);
}

/* The trace must be the one the token came from, and hold its capture
 * point with the same identities there. */
static struct md_desc *recapture(const struct live *q, struct md_replay *rp, const char *path)
{
	const struct md_token *t = &q->tok;
	if (md_replay_header(rp)->start_realtime_ns != t->start_ns || md_replay_trace_ino(rp) != t->ino)
		md_die(EXIT_RUNTIME, "the token comes from another trace than %s (process %d "
		       "started a new trace, e.g. by exec, or the token is not from it)", path, (int)t->pid);
	uint64_t n = md_live_replay(rp, t->records, NULL, NULL);
	if (n != t->records || md_replay_seq(rp) != t->seq)
		md_die(EXIT_RUNTIME, "%s does not hold the token's capture point (event %llu after %llu records)",
		       path, (unsigned long long)t->seq, (unsigned long long)t->records);
	struct md_desc *d = md_desc_capture(md_replay_table(rp), t->ranges, t->n, MD_OPT_PERSISTENT, t->dir, t->seq);
	if (!d)
		md_die(EXIT_RUNTIME, "out of memory");
	if (md_token_ident(d) != t->ident)
		md_die(EXIT_RUNTIME, "the token's identities do not match %s at event %llu (the token was altered)",
		       path, (unsigned long long)t->seq);
	return d;
}

static char *call_text(const struct md_rec *r)
{
	char *s = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&s, &n);
	if (!m)
		return NULL;
	md_describe_call(m, r);
	fclose(m);
	return s;
}

static char *frame_text(const struct md_replay *rp, const struct md_rec *r, unsigned i)
{
	char *s = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&s, &n);
	if (!m)
		return NULL;
	md_describe_frame(m, rp, md_rec_frames(r)[i], r->seq);
	fclose(m);
	return s;
}

static void json_event(const struct md_replay *rp, const struct md_rec *r)
{
	char *call = call_text(r);
	printf("{\"seq\":%llu,\"tid\":%u,\"call\":", (unsigned long long)r->seq, r->tid);
	md_json_string(stdout, call ? call : "");
	free(call);
	printf(",\"stack\":[");
	for (unsigned i = 0; i < r->nframes; i++) {
		char *fr = frame_text(rp, r, i);
		fputs(i ? "," : "", stdout);
		md_json_string(stdout, fr ? fr : "");
		free(fr);
	}
	printf("]}");
}

static void print_json(const struct live *q, const struct md_replay *rp, const char *path,
		       const struct md_verdict *v, const char *reason, const struct md_rec *dec)
{
	printf("{\"verdict\":\"%s\",\"reason\":", md_verdict_name(v->kind));
	md_json_string(stdout, reason);
	printf(",\"reason_code\":\"%s\",\"pid\":%d,\"trace\":", md_reason_name(v->reason),
	       (int)q->tok.pid);
	md_json_string(stdout, path);
	printf(",\"from\":%llu,\"at\":%llu", (unsigned long long)q->tok.seq,
	       (unsigned long long)md_replay_seq(rp));
	if (v->start < v->end)
		printf(",\"range\":{\"start\":\"%#llx\",\"end\":\"%#llx\"}",
		       (unsigned long long)v->start, (unsigned long long)v->end);
	if (dec)
		printf(",\"decided_by\":%llu", (unsigned long long)dec->seq);
	else
		printf(",\"decided_by\":null");
	printf(",\"events_total\":%llu,\"events\":[", (unsigned long long)q->hits.total);
	for (size_t i = 0; i < q->hits.n; i++) {
		fputs(i ? "," : "", stdout);
		json_event(rp, md_hits_nth(&q->hits, i)->r);
	}
	printf("]}\n");
}

static void print_text(const struct live *q, const struct md_replay *rp, const char *path,
		       const struct md_verdict *v, const char *reason, const struct md_rec *dec)
{
	printf("%s %s\n", md_verdict_name(v->kind), reason);
	printf("  captured at event %llu, judged at event %llu (process %d, trace %s)\n",
	       (unsigned long long)q->tok.seq, (unsigned long long)md_replay_seq(rp), (int)q->tok.pid, path);
	if (!q->hits.total) {
		printf("  no event since the capture touched the ranges\n");
		return;
	}
	printf("  %llu event%s since the capture touched the ranges", (unsigned long long)q->hits.total,
	       q->hits.total == 1 ? "" : "s");
	if (q->hits.total > q->hits.n)
		printf(" (the last %zu shown)", q->hits.n);
	if (dec)
		printf("; event %llu decided the verdict", (unsigned long long)dec->seq);
	printf(":\n");
	for (size_t i = 0; i < q->hits.n; i++)
		md_describe_event(stdout, rp, md_hits_nth(&q->hits, i)->r, "  ");
}

int md_live_query(int argc, char **argv)
{
	static struct live q; /* large: the hits */
	pid_t pid = parse(&q, argc, argv);
	char *path = md_pid_trace(pid, 0);
	if (q.tok.pid != (int32_t)pid)
		md_die(EXIT_RUNTIME, "the token was captured in process %d, not in process %d",
		       (int)q.tok.pid, (int)pid);
	struct md_replay *rp = md_open_replay(path, q.tok.policy);
	struct md_desc *d = recapture(&q, rp, path);
	q.hits.own = 1; /* the process goes on writing while we print */
	md_live_replay(rp, UINT64_MAX, touched, &q);
	if (md_replay_bad_records(rp))
		md_warn("warning: %s: %llu records could not be applied to the table", path,
			(unsigned long long)md_replay_bad_records(rp));
	struct md_verdict v;
	md_with_persistent(md_replay_table(rp), d, q.tok.policy, md_replay_seq(rp), &v);
	char buf[512];
	md_verdict_explain(&v, buf, sizeof buf);
	/* The explanation starts "verdict: ..."; the word is printed apart. */
	const char *rest = strchr(buf, ':');
	rest = rest ? rest + 2 : buf;
	const struct md_rec *dec = md_hits_deciding(&q.hits, &v);
	if (q.json)
		print_json(&q, rp, path, &v, rest, dec);
	else
		print_text(&q, rp, path, &v, rest, dec);
	md_desc_release(v.desc);
	md_desc_release(d);
	md_hits_clear(&q.hits);
	md_replay_close(rp);
	free(path);
	return 0;
}
