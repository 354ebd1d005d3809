/* cmd_capture.c - `mdtrace capture --pid=PID ADDR LEN...`: a persistent
 * descriptor over ranges of a running traced process, captured from the
 * records it has committed so far, printed as a token for `query --pid`. */
#define _GNU_SOURCE
#include "cli.h"
#include "live.h"
#include "token.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mdtrace capture --pid=PID [--direction=in|out|inout]\n"
	"                       [--policy=contract|dma|xnu] [--json] ADDR LEN [ADDR LEN]...\n"
	"Capture a persistent descriptor over the ranges in the running traced\n"
	"process PID now (from its trace, without stopping it) and print it as a\n"
	"token; `mdtrace query --pid=PID TOKEN` judges it later.\n";

static void parse(int argc, char **argv, struct md_token *t, int *json)
{
	static const struct option opts[] = {
		{"pid", required_argument, 0, 'p'}, {"direction", required_argument, 0, 'd'},
		{"policy", required_argument, 0, 'P'}, {"json", no_argument, 0, 'j'},
		{"help", no_argument, 0, 'h'}, {0}};
	uint64_t pid = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (md_parse_pid(optarg, &pid) < 0)
				md_die(EXIT_USAGE, "capture: bad --pid '%s'", optarg);
			break;
		case 'd':
			if (md_parse_dir(optarg, &t->dir) < 0)
				md_die(EXIT_USAGE, "capture: bad --direction '%s' (in, out or inout)", optarg);
			break;
		case 'P':
			if (md_parse_policy(optarg, &t->policy) < 0)
				md_die(EXIT_USAGE, "capture: bad --policy '%s' (contract, dma or xnu)", optarg);
			break;
		case 'j':
			*json = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			md_die(EXIT_USAGE, "capture: unknown option or missing argument '%s' (try 'mdtrace capture --help')", argv[optind - 1]);
		}
	}
	int left = argc - optind;
	if (!pid)
		md_die(EXIT_USAGE, "capture: need --pid=PID (try --help)");
	if (left < 2 || left % 2)
		md_die(EXIT_USAGE, "capture: need one or more ADDR LEN pairs (try --help)");
	if (left / 2 > MD_TOKEN_MAX_RANGES)
		md_die(EXIT_USAGE, "capture: at most %d ranges", MD_TOKEN_MAX_RANGES);
	t->pid = (int32_t)pid;
	t->n = (size_t)left / 2;
	for (size_t i = 0; i < t->n; i++) {
		const char *a = argv[optind + 2 * i], *l = argv[optind + 1 + 2 * i];
		struct md_range *r = &t->ranges[i];
		if (md_parse_u64(a, &r->addr) < 0)
			md_die(EXIT_USAGE, "capture: bad address '%s' (hex 0x... or decimal)", a);
		if (md_parse_len(l, &r->len) < 0)
			md_die(EXIT_USAGE, "capture: bad length '%s' (a positive number, optionally with k, M or G)", l);
		if (r->addr + r->len < r->addr || r->addr + r->len > UINT64_MAX - (1u << 30))
			md_die(EXIT_USAGE, "capture: range %s+%s wraps around the address space", a, l);
	}
}

static void print_json(const struct md_token *t, const char *tok, const char *path,
		       const struct md_desc *d)
{
	printf("{\"token\":\"%s\",\"pid\":%d,\"trace\":", tok, (int)t->pid);
	md_json_string(stdout, path);
	printf(",\"at\":%llu,\"segments\":[", (unsigned long long)t->seq);
	for (size_t i = 0; i < d->nsegs; i++) {
		const struct md_seg *s = &d->segs[i];
		printf("%s{\"start\":\"0x%llx\",\"end\":\"0x%llx\"", i ? "," : "",
		       (unsigned long long)s->start, (unsigned long long)s->end);
		if (s->obj)
			printf(",\"obj\":%llu,\"off\":\"0x%llx\",\"prot\":%u,\"ev\":%llu}",
			       (unsigned long long)s->obj, (unsigned long long)s->off, s->prot,
			       (unsigned long long)s->ev);
		else
			printf(",\"obj\":null}");
	}
	printf("]}\n");
}

int cmd_capture(int argc, char **argv)
{
	struct md_token t = {0};
	int json = 0;
	parse(argc, argv, &t, &json);
	char *path = md_pid_trace(t.pid, 0);
	struct md_replay *rp = md_open_replay(path, t.policy);
	t.records = md_live_replay(rp, UINT64_MAX, NULL, NULL);
	if (!t.records)
		md_die(EXIT_RUNTIME, "%s: process %d has committed no event yet", path, (int)t.pid);
	if (md_replay_bad_records(rp))
		md_warn("warning: %s: %llu records could not be applied to the table", path,
			(unsigned long long)md_replay_bad_records(rp));
	t.seq = md_replay_seq(rp);
	t.start_ns = md_replay_header(rp)->start_realtime_ns;
	t.ino = md_replay_trace_ino(rp);
	struct md_desc *d = md_desc_capture(md_replay_table(rp), t.ranges, t.n, MD_OPT_PERSISTENT, t.dir, t.seq);
	if (!d)
		md_die(EXIT_RUNTIME, "out of memory");
	t.ident = md_token_ident(d);
	char *tok = md_token_format(&t);
	if (!tok)
		md_die(EXIT_RUNTIME, "out of memory");
	for (size_t i = 0; i < d->nsegs; i++)
		if (!d->segs[i].obj)
			md_warn("warning: %#llx-%#llx is not mapped at event %llu: the descriptor is null (bad original)",
				(unsigned long long)d->segs[i].start, (unsigned long long)d->segs[i].end,
				(unsigned long long)t.seq);
	if (json)
		print_json(&t, tok, path, d);
	else
		puts(tok);
	free(tok);
	md_desc_release(d);
	md_replay_close(rp);
	free(path);
	return 0;
}
