/* open.c - opening a trace for replay: the options the environment sets,
 * warnings on stderr, and the damage report after a walk. */
#include "cli.h"
#include <stdlib.h>

static void warn_line(void *ctx, const char *msg)
{
	(void)ctx;
	md_warn("%s", msg);
}

const struct md_replay_opts *md_replay_env(void)
{
	static struct md_replay_opts o;
	static int done;
	if (!done) {
		const char *every = getenv("MDTRACE_INDEX_EVERY");
		o.no_index = getenv("MDTRACE_NO_INDEX") != NULL;
		o.index_every = every ? strtoull(every, NULL, 10) : 0;
		o.warn = warn_line;
		done = 1;
	}
	return &o;
}

struct md_replay *md_open_replay(const char *path, enum md_policy pol)
{
	char err[600];
	struct md_replay *rp = md_replay_open(path, pol, md_replay_env(), err, sizeof err);
	if (!rp)
		md_die(EXIT_RUNTIME, "%s", err);
	if (md_replay_open_warning(rp)[0])
		md_warn("%s: %s", path, md_replay_open_warning(rp));
	return rp;
}

void md_report_damage(const struct md_replay *rp)
{
	const char *path = md_replay_path(rp);
	if (md_replay_damage(rp))
		md_warn("warning: %s", md_replay_damage(rp));
	if (md_replay_skipped(rp))
		md_warn("warning: %s: %llu unfinished records skipped (a writer was killed mid-record)",
			path, (unsigned long long)md_replay_skipped(rp));
	if (md_replay_bad_records(rp))
		md_warn("warning: %s: %llu records could not be applied to the table",
			path, (unsigned long long)md_replay_bad_records(rp));
	uint64_t seq, n;
	struct md_effect e;
	if ((n = md_replay_unseen(rp, &seq, &e)))
		md_warn("warning: %s: event %llu found %#llx-%#llx %s: the address space changed "
			"there by no recorded call before it (%llu such event%s); verdicts on those "
			"pages before it may be wrong (mdtrace(1), UNSEEN CHANGES)", path,
			(unsigned long long)seq, (unsigned long long)e.us, (unsigned long long)e.ue,
			e.unseen == MD_UNSEEN_UNMAPPED ? "free where the table had them mapped"
						       : "mapped where the table had them free",
			(unsigned long long)n, n == 1 ? "" : "s");
}
