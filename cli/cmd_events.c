/* cmd_events.c - `mdtrace events`: the event log, each call as strace
 * writes it, with its call stack symbolized. */
#define _GNU_SOURCE
#include "cli.h"
#include "clock.h"
#include "symbolize.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mdtrace events [--range=ADDR:LEN] [--from=POINT] [--at=POINT] [--json] TRACE\n"
	"  --range=ADDR:LEN  only events that changed some page of [ADDR, ADDR+LEN)\n"
	"  --from=POINT      start at this event (default: the first)\n"
	"  --at=POINT        stop after this event (default: the last)\n"
	"  --json            one JSON object per event and line\n"
	"POINT is an event number, mark:LABEL, start or end.\n";

struct events {
	int json, ranged;
	uint64_t start, end;   /* --range as [start, end) */
	struct md_point from, at;
	uint64_t from_seq, at_seq;
	uint64_t t0;           /* time of the first record */
};

static void parse_range(struct events *ev, const char *s)
{
	char buf[128];
	const char *colon = strchr(s, ':');
	uint64_t addr, len;
	if (!colon || (size_t)(colon - s) >= sizeof buf)
		md_die(EXIT_USAGE, "events: bad --range '%s' (ADDR:LEN, e.g. 0x7f0000000000:4k)", s);
	memcpy(buf, s, (size_t)(colon - s));
	buf[colon - s] = 0;
	if (md_parse_u64(buf, &addr) < 0 || md_parse_len(colon + 1, &len) < 0)
		md_die(EXIT_USAGE, "events: bad --range '%s' (ADDR:LEN, e.g. 0x7f0000000000:4k)", s);
	if (addr + len < addr)
		md_die(EXIT_USAGE, "events: --range %s wraps around the address space", s);
	ev->ranged = 1;
	ev->start = addr;
	ev->end = addr + len;
}

static const char *parse(struct events *ev, int argc, char **argv)
{
	static const struct option opts[] = {
		{"range", required_argument, 0, 'r'}, {"from", required_argument, 0, 'f'},
		{"at", required_argument, 0, 'a'}, {"json", no_argument, 0, 'j'},
		{"help", no_argument, 0, 'h'}, {0}};
	int c;
	opterr = 0; /* getopt's own message would make a second line */
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			parse_range(ev, optarg);
			break;
		case 'f':
			if (md_parse_point(optarg, &ev->from) < 0)
				md_die(EXIT_USAGE, "events: bad --from point '%s' (event number, mark:LABEL, start or end)", optarg);
			break;
		case 'a':
			if (md_parse_point(optarg, &ev->at) < 0)
				md_die(EXIT_USAGE, "events: bad --at point '%s' (event number, mark:LABEL, start or end)", optarg);
			break;
		case 'j':
			ev->json = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			md_die(EXIT_USAGE, "events: bad option '%s' (try 'mdtrace events --help')",
			       argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		md_die(EXIT_USAGE, "events: need exactly one TRACE (try --help)");
	return argv[optind];
}

static void points(struct events *ev, struct md_replay *rp, const char *path)
{
	char a[100], b[100];
	if (md_point_seq(rp, &ev->at, &ev->at_seq) < 0)
		md_die(EXIT_RUNTIME, "%s: no mark '%s' in the trace", path, ev->at.label);
	if (md_point_seq(rp, &ev->from, &ev->from_seq) < 0)
		md_die(EXIT_RUNTIME, "%s: no mark '%s' in the trace", path, ev->from.label);
	if (ev->from.kind == MD_PT_NONE)
		ev->from_seq = 0;
	if (ev->from_seq > ev->at_seq)
		md_die(EXIT_RUNTIME, "--from=%s comes after --at=%s", md_point_text(&ev->from, a, sizeof a),
		       md_point_text(&ev->at, b, sizeof b));
}

/* Signed: records of different threads need not be in time order. */
static void since_start(FILE *out, const struct events *ev, const struct md_replay *rp,
			const struct md_rec *r)
{
	int64_t d = (int64_t)(md_replay_time_ns(rp, r) - ev->t0);
	uint64_t u = d < 0 ? -(uint64_t)d : (uint64_t)d;
	fprintf(out, "%s%llu.%09llu", d < 0 ? "-" : "+", (unsigned long long)(u / 1000000000),
		(unsigned long long)(u % 1000000000));
}

static void print_text(const struct events *ev, const struct md_replay *rp, const struct md_rec *r)
{
	printf("%llu ", (unsigned long long)r->seq);
	since_start(stdout, ev, rp, r);
	printf(" [%u] ", r->tid);
	md_describe_call(stdout, r);
	putchar('\n');
	for (unsigned i = 0; i < r->nframes; i++) {
		printf("    #%u ", i);
		md_describe_frame(stdout, rp, md_rec_frames(r)[i], r->seq);
		putchar('\n');
	}
}

static void print_json(const struct events *ev, const struct md_replay *rp, const struct md_rec *r)
{
	char *call = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&call, &n);
	if (!m)
		md_die(EXIT_RUNTIME, "out of memory");
	md_describe_call(m, r);
	if (fclose(m))
		md_die(EXIT_RUNTIME, "out of memory");
	printf("{\"seq\":%llu,\"time_ns\":%lld,\"tid\":%u,\"call\":", (unsigned long long)r->seq,
	       (long long)(md_replay_time_ns(rp, r) - ev->t0), r->tid);
	md_json_string(stdout, call);
	free(call);
	printf(",\"type\":\"%s\",\"args\":[", md_ev_name(r->type));
	for (int i = 0; i < 6; i++)
		printf("%s%lld", i ? "," : "", (long long)r->args[i]);
	printf("],\"ret\":%lld,\"err\":%d,\"stack\":[", (long long)r->ret, r->err);
	for (unsigned i = 0; i < r->nframes; i++) {
		struct md_frame f;
		md_symbolize(rp, md_rec_frames(r)[i], r->seq, &f);
		fputs(i ? "," : "", stdout);
		md_frame_json(stdout, &f);
	}
	fputs("]}\n", stdout);
}

static int wanted(const struct events *ev, const struct md_rec *r, const struct md_effect *eff)
{
	if (r->seq < ev->from_seq)
		return 0;
	return !ev->ranged || md_effect_hits(eff, ev->start, ev->end);
}

int cmd_events(int argc, char **argv)
{
	struct events ev = {0};
	const char *path = parse(&ev, argc, argv);
	struct md_replay *rp = md_open_replay(path, MD_POLICY_CONTRACT);
	points(&ev, rp, path);
	const struct md_rec *r = md_replay_first(rp);
	struct md_effect eff;
	/* Times are printed from the trace's first record. */
	if (r)
		ev.t0 = md_replay_time_ns(rp, r);
	/* Every record is applied (the effects and modules need the whole
	 * history), from the index's nearest checkpoint before --from when
	 * there is one; only the wanted ones are printed. */
	if (ev.from_seq > 1)
		md_replay_seek(rp, ev.from_seq - 1);
	while ((r = md_replay_step(rp, &eff)) && r->seq <= ev.at_seq) {
		if (!wanted(&ev, r, &eff))
			continue;
		if (ev.json)
			print_json(&ev, rp, r);
		else
			print_text(&ev, rp, r);
	}
	if (fflush(stdout))
		md_die(EXIT_RUNTIME, "cannot write the output");
	md_report_damage(rp);
	md_symbolize_end();
	md_replay_close(rp);
	return 0;
}
