/* cmd_stats.c - `mdtrace stats`: counts per call and per thread, mapped
 * bytes over time, peak pieces. */
#define _GNU_SOURCE
#include "cli.h"
#include "aba.h"
#include "clock.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mdtrace stats [--json] TRACE\n"
	"  calls per type (and failures), per thread, mapped bytes after every\n"
	"  10% of the events, the peaks of mapped bytes and of table pieces\n";

#define STEPS 10
#define NO_HOOK_TIME "not recorded (each record has one time stamp, so the time spent inside a hook cannot be computed)"

struct calls {
	uint64_t n, failed, raw, tool;
};

struct thread {
	uint32_t tid;
	uint64_t events, failed;
	uint64_t per[MD_EV_MAX];
};

struct point {
	uint64_t seq, time, bytes, tool, pieces;  /* bytes: the program's, tool: mdtrace's */
};

struct stats {
	uint64_t events, total, first_time, last_time;
	struct calls per[MD_EV_MAX];
	struct thread *th;
	size_t nth, capth, lastth;
	struct point steps[STEPS];
	int nsteps;
	struct point peak_bytes, peak_pieces;
};

static unsigned long long u(uint64_t v)
{
	return v;
}

static const char *parse(int argc, char **argv, int *json)
{
	return md_json_trace_args(argc, argv, "stats", usage, json);
}

static int failed(const struct md_rec *r)
{
	return r->err != 0 || (r->type == MD_EV_POSIX_MADVISE && r->ret != 0);
}

static struct thread *thread(struct stats *s, uint32_t tid)
{
	if (s->nth && s->th[s->lastth].tid == tid)
		return &s->th[s->lastth];
	for (size_t i = 0; i < s->nth; i++)
		if (s->th[i].tid == tid)
			return &s->th[s->lastth = i];
	if (s->nth == s->capth) {
		s->capth = s->capth ? s->capth * 2 : 8;
		s->th = realloc(s->th, s->capth * sizeof *s->th);
		if (!s->th)
			md_die(EXIT_RUNTIME, "out of memory");
	}
	s->th[s->nth] = (struct thread){.tid = tid};
	return &s->th[s->lastth = s->nth++];
}

static int tool_piece(const struct md_piece *p, void *arg)
{
	*(int *)arg |= p->flags & MD_PF_TOOL ? 1 : 2;
	return 0;
}

/* A call that touches only mdtrace's own memory is mdtrace's, flagged or
 * not (libunwind, called from a hook, frees its caches with munmap). */
static int on_tool_memory(const struct md_table *t, const struct md_rec *r)
{
	switch (r->type) {
	case MD_EV_MUNMAP: case MD_EV_MREMAP: case MD_EV_MPROTECT:
	case MD_EV_PKEY_MPROTECT: case MD_EV_MADVISE:
		break;
	default:
		return 0;
	}
	int seen = 0;
	if (r->args[1] && r->args[0] + r->args[1] > r->args[0])
		md_table_walk(t, r->args[0], r->args[0] + r->args[1], tool_piece, &seen);
	return seen == 1;
}

static void count(struct stats *s, const struct md_rec *r, int tool, const struct md_replay *rp,
		  const struct md_aba *a)
{
	unsigned t = r->type < MD_EV_MAX ? r->type : 0;
	int bad = failed(r);
	struct calls *c = &s->per[t];
	c->n++;
	c->failed += bad;
	c->raw += !!(r->flags & MD_RF_RAW_SYSCALL);
	c->tool += tool || (r->flags & MD_RF_TOOL);
	struct thread *th = thread(s, r->tid);
	th->events++;
	th->failed += bad;
	th->per[t]++;
	uint64_t ns = md_rec_time_ns(&rp->tr, r);
	if (!s->events++)
		s->first_time = ns;
	s->last_time = ns;
	struct point p = {r->seq, ns - s->first_time, a->mapped - a->tool, a->tool,
			  md_table_count(rp->t)};
	if (p.bytes > s->peak_bytes.bytes)
		s->peak_bytes = p;
	if (p.pieces > s->peak_pieces.pieces)
		s->peak_pieces = p;
	while (s->nsteps < STEPS && s->events * STEPS >= s->total * (uint64_t)(s->nsteps + 1))
		s->steps[s->nsteps++] = p;
}

static uint64_t count_records(const char *path)
{
	struct md_trace tr;
	size_t off = 0;
	uint64_t n = 0;
	if (md_trace_open(&tr, path) < 0)
		md_die(EXIT_RUNTIME, "%s", tr.err);
	while (md_trace_next(&tr, &off))
		n++;
	md_trace_close(&tr);
	return n;
}

static const char *type_name(unsigned t)
{
	return t ? md_ev_name(t) : "unknown";
}

/* ---- text ---- */

static double ms(uint64_t ns)
{
	return ns / 1e6;
}

static void text_thread(const struct thread *th)
{
	printf("  thread %u: %llu events, %llu failed:", th->tid, u(th->events), u(th->failed));
	const char *sep = " ";
	for (unsigned t = 0; t < MD_EV_MAX; t++)
		if (th->per[t]) {
			printf("%s%s %llu", sep, type_name(t), u(th->per[t]));
			sep = ", ";
		}
	putchar('\n');
}

static void print_text(const char *path, const struct stats *s)
{
	printf("%s: %llu events over %.3f ms, %zu thread%s\n", path, u(s->events),
	       ms(s->last_time - s->first_time), s->nth, s->nth == 1 ? "" : "s");
	printf("\ncalls:%21s %8s %10s %8s\n", "calls", "failed", "syscall()", "mdtrace");
	for (unsigned t = 0; t < MD_EV_MAX; t++)
		if (s->per[t].n)
			printf("  %-16s %8llu %8llu %10llu %8llu\n", type_name(t), u(s->per[t].n),
			       u(s->per[t].failed), u(s->per[t].raw), u(s->per[t].tool));
	printf("\nthreads:\n");
	for (size_t i = 0; i < s->nth; i++)
		text_thread(&s->th[i]);
	printf("\nmapped over time, after each %d%% of the events (bytes: the program's;\n"
	       "mdtrace: its own mappings, such as the trace file):\n", 100 / STEPS);
	printf("  %4s  %-14s %14s %14s %14s %8s\n", "", "event", "time", "bytes", "mdtrace", "pieces");
	for (int i = 0; i < s->nsteps; i++)
		printf("  %3d%%  event %-8llu %+11.3f ms %14llu %14llu %8llu\n",
		       (i + 1) * 100 / STEPS, u(s->steps[i].seq), ms(s->steps[i].time),
		       u(s->steps[i].bytes), u(s->steps[i].tool), u(s->steps[i].pieces));
	printf("\npeak mapped: %llu bytes (the program's) after event %llu\n",
	       u(s->peak_bytes.bytes), u(s->peak_bytes.seq));
	printf("peak pieces: %llu after event %llu\n", u(s->peak_pieces.pieces),
	       u(s->peak_pieces.seq));
	printf("time in hooks: " NO_HOOK_TIME "\n");
}

/* ---- JSON ---- */

static void json_point(const char *key, const struct point *p)
{
	printf("\"%s\":{\"seq\":%llu,\"time_ns\":%llu,\"bytes\":%llu,\"tool_bytes\":%llu,"
	       "\"pieces\":%llu}", key, u(p->seq), u(p->time), u(p->bytes), u(p->tool), u(p->pieces));
}

static void print_json(const char *path, const struct stats *s)
{
	fputs("{\"trace\":", stdout);
	md_json_string(stdout, path);
	printf(",\"events\":%llu,\"duration_ns\":%llu,\"calls\":{", u(s->events),
	       u(s->last_time - s->first_time));
	const char *sep = "";
	for (unsigned t = 0; t < MD_EV_MAX; t++)
		if (s->per[t].n) {
			printf("%s\"%s\":{\"calls\":%llu,\"failed\":%llu,\"raw_syscall\":%llu,\"tool\":%llu}",
			       sep, type_name(t), u(s->per[t].n), u(s->per[t].failed),
			       u(s->per[t].raw), u(s->per[t].tool));
			sep = ",";
		}
	fputs("},\"threads\":[", stdout);
	for (size_t i = 0; i < s->nth; i++) {
		const struct thread *th = &s->th[i];
		printf("%s{\"tid\":%u,\"events\":%llu,\"failed\":%llu,\"calls\":{", i ? "," : "",
		       th->tid, u(th->events), u(th->failed));
		sep = "";
		for (unsigned t = 0; t < MD_EV_MAX; t++)
			if (th->per[t]) {
				printf("%s\"%s\":%llu", sep, type_name(t), u(th->per[t]));
				sep = ",";
			}
		fputs("}}", stdout);
	}
	fputs("],\"mapped_over_time\":[", stdout);
	for (int i = 0; i < s->nsteps; i++) {
		printf("%s{\"percent\":%d,", i ? "," : "", (i + 1) * 100 / STEPS);
		json_point("at", &s->steps[i]);
		fputc('}', stdout);
	}
	fputs("],", stdout);
	json_point("peak_mapped", &s->peak_bytes);
	fputc(',', stdout);
	json_point("peak_pieces", &s->peak_pieces);
	printf(",\"hook_time_ns\":null,\"hook_time\":\"" NO_HOOK_TIME "\"}\n");
}

int cmd_stats(int argc, char **argv)
{
	int json = 0;
	const char *path = parse(argc, argv, &json);
	struct stats s = {0};
	s.total = count_records(path);
	struct md_replay rp;
	md_open_replay(&rp, path, MD_POLICY_CONTRACT);
	struct md_aba a;
	if (md_aba_init(&a, &rp) < 0)
		md_die(EXIT_RUNTIME, "out of memory");
	const struct md_rec *r;
	struct md_effect eff;
	for (;;) {
		size_t off = rp.off; /* look before the record changes the table */
		const struct md_rec *next = md_trace_next(&rp.tr, &off);
		int tool = next && on_tool_memory(rp.t, next);
		if (!(r = md_replay_step(&rp, &eff)))
			break;
		md_aba_note(&a, rp.t, r, &eff);
		count(&s, r, tool, &rp, &a);
	}
	md_report_damage(&rp);
	if (json)
		print_json(path, &s);
	else
		print_text(path, &s);
	free(s.th);
	md_aba_free(&a);
	md_replay_close(&rp);
	return 0;
}
