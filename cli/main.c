/* main.c - `mdtrace` dispatches to its subcommands. */
#include "config.h"
#include "cli.h"
#include <string.h>

static const char usage[] =
	"usage: mdtrace COMMAND [OPTION...] [ARG...]\n"
	"\n"
	"  run [-o PATH] [--stacks=N] [--] PROG [ARG...]   run PROG and trace its address space\n"
	"  query [--from=POINT] [--at=POINT] [--direction=in|out|inout]\n"
	"        [--policy=contract|dma] [--json] TRACE ADDR LEN [ADDR LEN]...\n"
	"                                                 reused, rebuilt or null for those ranges\n"
	"  maps [--at=POINT] [--format=proc|table] TRACE  the shadow table at a point\n"
	"  verify TRACE                                   compare the table with the kernel's\n"
	"                                                 maps recorded in the trace\n"
	"\n"
	"  mdtrace COMMAND --help    options of one command\n"
	"  mdtrace --version\n"
	"See mdtrace(1), mdtrace-verdicts(7), mdtrace-trace(5).\n";

int main(int argc, char **argv)
{
	if (argc < 2)
		md_die(EXIT_USAGE, "no command given (try 'mdtrace --help')");
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(usage, stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		printf("mdtrace %s\n", PACKAGE_VERSION);
		return 0;
	}
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {{"run", cmd_run}, {"query", cmd_query}, {"maps", cmd_maps}, {"verify", cmd_verify}};
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (!strcmp(cmd, cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	md_die(EXIT_USAGE, "unknown command '%s' (try 'mdtrace --help')", cmd);
}
