/* cmd_maps.c - `mdtrace maps`: the shadow table at a point. */
#define _GNU_SOURCE
#include "cli.h"
#include "procfmt.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: mdtrace maps [--at=POINT] [--format=proc|table] [--policy=contract|dma|xnu] TRACE\n"
	"POINT is an event number, mark:LABEL, start or end (default).\n";

int cmd_maps(int argc, char **argv)
{
	static const struct option opts[] = {
		{"at", required_argument, 0, 'a'}, {"format", required_argument, 0, 'f'},
		{"policy", required_argument, 0, 'p'}, {"help", no_argument, 0, 'h'}, {0}};
	struct md_point at = {0};
	enum md_policy pol = MD_POLICY_CONTRACT;
	int table = 0, c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (md_parse_point(optarg, &at) < 0)
				md_die(EXIT_USAGE, "maps: bad --at point '%s' (event number, mark:LABEL, start or end)", optarg);
			break;
		case 'f':
			if (!strcmp(optarg, "proc"))
				table = 0;
			else if (!strcmp(optarg, "table"))
				table = 1;
			else
				md_die(EXIT_USAGE, "maps: bad --format '%s' (proc or table)", optarg);
			break;
		case 'p':
			if (md_parse_policy(optarg, &pol) < 0)
				md_die(EXIT_USAGE, "maps: bad --policy '%s' (contract, dma or xnu)", optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		default:
			md_die(EXIT_USAGE, "maps: unknown option or missing argument '%s' (try 'mdtrace maps --help')", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		md_die(EXIT_USAGE, "maps: need exactly one TRACE (try --help)");
	const char *path = argv[optind];
	struct md_replay *rp = md_open_replay(path, pol);
	uint64_t seq;
	if (md_point_seq(rp, &at, &seq) < 0)
		md_die(EXIT_RUNTIME, "%s: no mark '%s' in the trace", path, at.label);
	md_replay_seek(rp, seq);
	md_report_damage(rp);
	md_print_maps(stdout, md_replay_table(rp), table);
	if (fflush(stdout) != 0)
		md_die(EXIT_RUNTIME, "writing the table failed");
	md_replay_close(rp);
	return 0;
}
