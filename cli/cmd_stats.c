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
struct calls {
	uint64_t n, failed, raw, tool;
	uint64_t hooked, timed, hook_ns; /* outer hook calls; of those timed; their ns */
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
	uint64_t flush_ns;       /* copying the ring to the file (header) */
	uint64_t *samples;       /* every timed call's ns, for the median */
	size_t nsamples, capsamples;
	uint32_t hook_every;     /* one outer hook call in this many is timed */
	const char *backend;     /* who wrote the trace: "preload" or "ptrace" */
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
	if (!(md_ev_info(r->type)->flags & MD_EVF_RANGE))
		return 0;
	int seen = 0;
	if (r->args[1] && r->args[0] + r->args[1] > r->args[0])
		md_table_walk(t, r->args[0], r->args[0] + r->args[1], tool_piece, &seen);
	return seen == 1;
}

static void count(struct stats *s, const struct md_rec *r, int tool, const struct md_replay *rp,
		  const struct md_aba *a)
{
	unsigned t = r->type < MD_EV_MAX ? r->type : 0;
	int bad = md_rec_failed(r);
	struct calls *c = &s->per[t];
	c->n++;
	c->failed += bad;
	c->raw += !!(r->flags & MD_RF_RAW_SYSCALL);
	c->tool += tool || (r->flags & MD_RF_TOOL);
	c->hooked += md_rec_hooked(r);
	if (r->flags & MD_RF_TIMED) {
		c->timed++;
		uint64_t ns = md_replay_hook_ns(rp, r);
		c->hook_ns += ns;
		if (s->nsamples == s->capsamples) {
			s->capsamples = s->capsamples ? s->capsamples * 2 : 256;
			s->samples = realloc(s->samples, s->capsamples * sizeof *s->samples);
			if (!s->samples)
				md_die(EXIT_RUNTIME, "out of memory");
		}
		s->samples[s->nsamples++] = ns;
	}
	struct thread *th = thread(s, r->tid);
	th->events++;
	th->failed += bad;
	th->per[t]++;
	uint64_t ns = md_replay_time_ns(rp, r);
	if (!s->events++)
		s->first_time = ns;
	s->last_time = ns;
	struct point p = {r->seq, ns - s->first_time, a->mapped - a->tool, a->tool,
			  md_table_count(md_replay_table(rp))};
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

/* The hooks' time: the timed calls' mean, scaled to every hooked call. */
struct hook_time {
	uint64_t hooked, timed, ns, estimate, median;
	double mean;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static struct hook_time hook_time(const struct stats *s)
{
	struct hook_time h = {0};
	for (unsigned t = 0; t < MD_EV_MAX; t++) {
		h.hooked += s->per[t].hooked;
		h.timed += s->per[t].timed;
		h.ns += s->per[t].hook_ns;
	}
	if (h.timed) {
		h.mean = (double)h.ns / (double)h.timed;
		h.estimate = (uint64_t)(h.mean * (double)h.hooked);
	}
	if (s->nsamples) {
		qsort(s->samples, s->nsamples, sizeof *s->samples, cmp_u64);
		h.median = s->samples[s->nsamples / 2];
	}
	return h;
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
	printf("%s: %llu events over %.3f ms, %zu thread%s, backend %s\n", path, u(s->events),
	       ms(s->last_time - s->first_time), s->nth, s->nth == 1 ? "" : "s", s->backend);
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
	struct hook_time h = hook_time(s);
	if (!strcmp(s->backend, "ptrace")) {
		printf("time in hooks: none (traced from outside: each mapping call stops the "
		       "program twice)\n");
		return;
	}
	if (!h.timed) {
		printf("time in hooks: not measured (no timed call: the hooks time one call in %u)\n",
		       s->hook_every);
		return;
	}
	printf("time in hooks: about %.3f ms: %.0f ns a call (median %llu), from %llu timed calls "
	       "of %llu (one in %u; the calls themselves not included), and %.3f ms copying "
	       "records to the file\n", ms(h.estimate + s->flush_ns), h.mean, u(h.median),
	       u(h.timed), u(h.hooked), s->hook_every, ms(s->flush_ns));
	for (unsigned t = 0; t < MD_EV_MAX; t++)
		if (s->per[t].timed)
			printf("  %-16s %8.0f ns a call (%llu timed)\n", type_name(t),
			       (double)s->per[t].hook_ns / (double)s->per[t].timed, u(s->per[t].timed));
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
	printf(",\"backend\":\"%s\",\"events\":%llu,\"duration_ns\":%llu,\"calls\":{", s->backend,
	       u(s->events), u(s->last_time - s->first_time));
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
	struct hook_time h = hook_time(s);
	if (h.timed)
		printf(",\"hook_time_ns\":%llu", u(h.estimate + s->flush_ns));
	else
		fputs(",\"hook_time_ns\":null", stdout);
	printf(",\"hook_time\":{\"hooked_calls\":%llu,\"timed_calls\":%llu,\"every\":%u,"
	       "\"timed_ns\":%llu,\"median_ns\":%llu,\"ring_copy_ns\":%llu,\"per_call\":{",
	       u(h.hooked), u(h.timed), s->hook_every, u(h.ns), u(h.median), u(s->flush_ns));
	const char *sep2 = "";
	for (unsigned t = 0; t < MD_EV_MAX; t++)
		if (s->per[t].timed) {
			printf("%s\"%s\":{\"timed\":%llu,\"mean_ns\":%llu}", sep2, type_name(t),
			       u(s->per[t].timed), u(s->per[t].hook_ns / s->per[t].timed));
			sep2 = ",";
		}
	fputs("}}}\n", stdout);
}

int cmd_stats(int argc, char **argv)
{
	int json = 0;
	const char *path = parse(argc, argv, &json);
	struct stats s = {0};
	s.total = count_records(path);
	struct md_replay *rp = md_open_replay(path, MD_POLICY_CONTRACT);
	const struct md_trace_header *h = md_replay_header(rp);
	s.hook_every = h->hook_every;
	s.backend = h->flags & MD_TF_PTRACE ? "ptrace" : "preload";
	s.flush_ns = md_clock_span_ns(h, h->clock_pair[0].ticks, h->flush_time);
	struct md_aba a;
	if (md_aba_init(&a, rp) < 0)
		md_die(EXIT_RUNTIME, "out of memory");
	const struct md_rec *r;
	struct md_effect eff;
	for (;;) {
		/* look before the record changes the table */
		const struct md_rec *next = md_replay_peek(rp);
		int tool = next && on_tool_memory(md_replay_table(rp), next);
		if (!(r = md_replay_step(rp, &eff)))
			break;
		md_aba_note(&a, md_replay_table(rp), r, &eff);
		count(&s, r, tool, rp, &a);
	}
	md_report_damage(rp);
	if (json)
		print_json(path, &s);
	else
		print_text(path, &s);
	free(s.th);
	free(s.samples);
	md_aba_free(&a);
	md_replay_close(rp);
	return 0;
}
