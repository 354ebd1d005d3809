/* cmd_hazards.c - `mdtrace hazards`: where memory was given back and taken
 * again with different backing (and where access was taken away), grouped
 * by the pair of call stacks, most frequent first. */
#define _GNU_SOURCE
#include "cli.h"
#include "hazard.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mdtrace hazards [--json] TRACE\n"
	"  ranges given back and mapped again with different memory (ABA), and\n"
	"  ranges whose read or write access was taken away, grouped by the pair\n"
	"  of call stacks, most frequent first\n";

static const char *parse(int argc, char **argv, int *json)
{
	return md_json_trace_args(argc, argv, "hazards", usage, json);
}

static unsigned long long u(uint64_t v)
{
	return v;
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* ---- text ---- */

static void text_verdicts(const struct md_hz_group *g)
{
	printf("  verdict: %s (%s) for a descriptor captured just before it was %s\n",
	       md_verdict_name(g->first.verdict), md_reason_name(g->first.reason),
	       g->first.kind == MD_HZ_ABA ? "given back" : "changed");
	if (g->verdicts[g->first.verdict] != g->count)
		printf("  all occurrences: reused %llu, rebuilt %llu, null %llu\n",
		       u(g->verdicts[MD_V_REUSED]), u(g->verdicts[MD_V_REBUILT]),
		       u(g->verdicts[MD_V_NULL]));
}

static void text_event(const struct md_replay *rp, const char *what, const struct md_rec *r)
{
	printf("  %s:\n", what);
	if (r)
		md_describe_event(stdout, rp, r, "    ");
	else
		printf("    before the trace's first record\n");
}

static void text_group(const struct md_replay *rp, const struct md_hz_group *g, size_t i)
{
	const struct md_hazard *h = &g->first;
	int aba = h->kind == MD_HZ_ABA;
	printf("\n%s #%zu: %llu %s, %llu bytes in all\n", aba ? "ABA" : "access", i + 1,
	       u(g->count), plural(g->count, "time", "times"), u(g->bytes));
	printf("  range %#llx-%#llx (%llu bytes), first at event %llu\n", u(h->start), u(h->end),
	       u(h->end - h->start), u(h->taken->seq));
	text_verdicts(g);
	if (aba && h->unseen) {
		printf("  given back:\n    by no recorded call (an unseen change: the next call found "
		       "the pages free; mdtrace(1), UNSEEN CHANGES)\n");
	} else if (aba) {
		text_event(rp, h->gone == h->taken ? "given back (live pages replaced by the same call)"
						   : "given back", h->gone);
	}
	if (aba) {
		text_event(rp, "taken again", h->taken);
	} else {
		text_event(rp, "mapped", h->gone);
		text_event(rp, "access taken away", h->taken);
	}
}

static void print_text(const char *path, const struct md_replay *rp, const struct md_aba *a,
		       const struct md_hz_report *rep, size_t naba)
{
	printf("%s: %llu ABA %s in %zu %s, %llu access %s in %zu %s\n", path, u(a->count),
	       plural(a->count, "reuse", "reuses"), naba, plural(naba, "group", "groups"),
	       u(a->access), plural(a->access, "change", "changes"), rep->n - naba,
	       plural(rep->n - naba, "group", "groups"));
	size_t k = 0;
	for (size_t i = 0; i < rep->n; i++)
		if (rep->g[i].first.kind == MD_HZ_ABA)
			text_group(rp, &rep->g[i], k++);
	k = 0;
	for (size_t i = 0; i < rep->n; i++)
		if (rep->g[i].first.kind == MD_HZ_ACCESS)
			text_group(rp, &rep->g[i], k++);
}

/* ---- JSON ---- */

static void json_described(void (*fn)(FILE *, const struct md_replay *, const struct md_rec *, uint64_t),
			   const struct md_replay *rp, const struct md_rec *r, uint64_t ip)
{
	char *s = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&s, &n);
	if (!m)
		md_die(EXIT_RUNTIME, "out of memory");
	fn(m, rp, r, ip);
	fclose(m);
	md_json_string(stdout, s ? s : "");
	free(s);
}

static void call_into(FILE *m, const struct md_replay *rp, const struct md_rec *r, uint64_t ip)
{
	(void)rp;
	(void)ip;
	md_describe_call(m, r);
}

static void frame_into(FILE *m, const struct md_replay *rp, const struct md_rec *r, uint64_t ip)
{
	md_describe_frame(m, rp, ip, r->seq);
}

static void json_event(const struct md_replay *rp, const char *key, const struct md_rec *r)
{
	printf(",\"%s\":", key);
	if (!r) {
		fputs("null", stdout);
		return;
	}
	printf("{\"seq\":%llu,\"tid\":%u,\"call\":", u(r->seq), r->tid);
	json_described(call_into, rp, r, 0);
	fputs(",\"stack\":[", stdout);
	for (unsigned i = 0; i < r->nframes; i++) {
		fputs(i ? "," : "", stdout);
		json_described(frame_into, rp, r, md_rec_frames(r)[i]);
	}
	fputs("]}", stdout);
}

static void json_group(const struct md_replay *rp, const struct md_hz_group *g, int comma)
{
	const struct md_hazard *h = &g->first;
	int aba = h->kind == MD_HZ_ABA;
	printf("%s{\"count\":%llu,\"bytes\":%llu,\"range\":{\"start\":\"%#llx\",\"end\":\"%#llx\","
	       "\"bytes\":%llu},\"verdict\":\"%s\",\"reason\":\"%s\",\"verdicts\":{\"reused\":%llu,"
	       "\"rebuilt\":%llu,\"null\":%llu},\"same_call\":%s", comma ? "," : "", u(g->count),
	       u(g->bytes), u(h->start), u(h->end), u(h->end - h->start), md_verdict_name(h->verdict),
	       md_reason_name(h->reason), u(g->verdicts[MD_V_REUSED]), u(g->verdicts[MD_V_REBUILT]),
	       u(g->verdicts[MD_V_NULL]), h->gone == h->taken ? "true" : "false");
	printf(",\"unseen\":%s", h->unseen ? "true" : "false");
	json_event(rp, aba ? "given_back" : "mapped", h->gone);
	json_event(rp, aba ? "taken_again" : "access_removed", h->taken);
	fputc('}', stdout);
}

static void json_list(const struct md_replay *rp, const struct md_hz_report *rep,
		      enum md_hz_kind kind)
{
	int any = 0;
	fputc('[', stdout);
	for (size_t i = 0; i < rep->n; i++)
		if (rep->g[i].first.kind == kind)
			json_group(rp, &rep->g[i], any++);
	fputc(']', stdout);
}

static void print_json(const char *path, const struct md_replay *rp, const struct md_aba *a,
		       const struct md_hz_report *rep)
{
	fputs("{\"trace\":", stdout);
	md_json_string(stdout, path);
	printf(",\"events\":%llu,\"aba_count\":%llu,\"access_count\":%llu,\"aba\":", u(md_replay_records(rp)),
	       u(a->count), u(a->access));
	json_list(rp, rep, MD_HZ_ABA);
	fputs(",\"access\":", stdout);
	json_list(rp, rep, MD_HZ_ACCESS);
	fputs("}\n", stdout);
}

int cmd_hazards(int argc, char **argv)
{
	int json = 0;
	const char *path = parse(argc, argv, &json);
	struct md_replay *rp = md_open_replay(path, MD_POLICY_CONTRACT);
	struct md_aba a;
	struct md_hz_report rep = {0};
	if (md_aba_init(&a, rp) < 0)
		md_die(EXIT_RUNTIME, "out of memory");
	a.verdicts = 1;
	a.fn = md_hz_add;
	a.arg = &rep;
	const struct md_rec *r;
	struct md_effect eff;
	while ((r = md_replay_step(rp, &eff)))
		md_aba_note(&a, md_replay_table(rp), r, &eff);
	md_report_damage(rp);
	if (a.failed || rep.failed)
		md_warn("warning: out of memory: some hazards were not counted");
	md_hz_sort(&rep);
	size_t naba = 0;
	for (size_t i = 0; i < rep.n; i++)
		naba += rep.g[i].first.kind == MD_HZ_ABA;
	if (json)
		print_json(path, rp, &a, &rep);
	else
		print_text(path, rp, &a, &rep, naba);
	md_hz_free(&rep);
	md_aba_free(&a);
	md_replay_close(rp);
	return 0;
}
