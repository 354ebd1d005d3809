/* main.c - `mdtrace` dispatches to its subcommands. */
#include "config.h"
#include "cli.h"
#include <getopt.h>
#include <string.h>

static void usage(void)
{
	fputs("usage: mdtrace COMMAND [OPTION...] [ARG...]\n\n", stdout);
#define CMD(name, fn, help) fputs("  " help "\n", stdout);
#include "commands.def"
#undef CMD
	fputs("\n  mdtrace COMMAND --help    options of one command\n"
	      "  mdtrace --version\n"
	      "See mdtrace(1), mdtrace-verdicts(7), mdtrace-trace(5), mdtrace-preload(7).\n", stdout);
}

int main(int argc, char **argv)
{
	opterr = 0; /* each command reports a bad option in its own one line */
	if (argc < 2)
		md_die(EXIT_USAGE, "no command given (try 'mdtrace --help')");
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		usage();
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		printf("mdtrace %s\n", PACKAGE_VERSION);
		return 0;
	}
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
#define CMD(name, fn, help) {#name, fn},
#include "commands.def"
#undef CMD
	};
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (!strcmp(cmd, cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	md_die(EXIT_USAGE, "unknown command '%s' (try 'mdtrace --help')", cmd);
}
