/* trace.c - fuzz target: a trace file, read and replayed as the commands
 * do (lib/trace: reader, replay, apply, aba, checkpoints; each record
 * described as events prints it, cli/describe.c).  Each input is replayed
 * in full under both policies with the hazard detector, then again with a
 * trace index made on the way (a checkpoint every 3 records) and sought
 * back and forth.  The table's invariants must hold after each replay. */
#include "aba.h"
#include "checkpoint.h"
#include "cli.h"
#include "fuzz.h"
#include "replay.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void check(const struct md_replay *rp)
{
	const char *why = md_table_check(md_replay_table(rp));
	if (why)
		md_fuzz_fail(why);
}

static FILE *devnull(void)
{
	static FILE *f;
	if (!f && !(f = fopen("/dev/null", "w")))
		md_fuzz_fail("/dev/null");
	return f;
}

/* What the commands read of a record besides its fields (not its stack's
 * files: the paths in a fuzzed trace could name any file here). */
static uint64_t look(const struct md_replay *rp, const struct md_rec *r)
{
	const uint64_t *f = md_rec_frames(r);
	md_describe_call(devnull(), r);
	uint64_t sum = md_replay_time_ns(rp, r) + md_replay_hook_ns(rp, r);
	for (unsigned i = 0; i < r->nframes; i++)
		sum += md_replay_module(rp, f[i], r->seq) != NULL;
	if (r->type == MD_EV_END && r->extra_len)
		sum += md_table_compare(md_replay_table(rp), (const char *)md_rec_extra(r),
					r->extra_len, NULL, NULL);
	return sum + md_ev_name(r->type)[0];
}

static uint64_t full(const char *path, enum md_policy pol)
{
	struct md_replay_opts o = {.no_index = 1};
	char err[600];
	struct md_replay *rp = md_replay_open(path, pol, &o, err, sizeof err);
	if (!rp)
		return 0;
	struct md_aba aba;
	struct md_effect eff;
	const struct md_rec *r;
	uint64_t sum = 0;
	int aba_ok = md_aba_init(&aba, rp) == 0;
	aba.verdicts = 1;
	while ((r = md_replay_step(rp, &eff))) {
		if (aba_ok)
			md_aba_note(&aba, md_replay_table(rp), r, &eff);
		sum += look(rp, r);
	}
	check(rp);
	if (aba_ok)
		md_aba_free(&aba);
	uint64_t last = md_replay_seq(rp);
	md_replay_close(rp);
	return last + (sum & 1);
}

static void indexed(const char *path, uint64_t last)
{
	struct md_replay_opts o = {.index_every = 3};
	char err[600];
	struct md_replay *rp = md_replay_open(path, MD_POLICY_CONTRACT, &o, err, sizeof err);
	if (!rp)
		return;
	uint64_t at[] = {last / 2, 1, last, last / 3, UINT64_MAX};
	for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
		md_replay_seek(rp, at[i]);
		check(rp);
	}
	md_replay_close(rp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = md_fuzz_file("t.mdt", data, size);
	unlink(md_fuzz_path(".t.mdt.idx"));
	uint64_t last = full(path, MD_POLICY_CONTRACT);
	full(path, MD_POLICY_DMA);
	indexed(path, last);
	return 0;
}
