# cli/local.mk - the `mdtrace` command (analysis side: replays traces with
# the same table and verdict code the library links).
bin_PROGRAMS += cli/mdtrace
cli_mdtrace_SOURCES = cli/main.c cli/cli.h cli/commands.def cli/errors.c cli/parse.c cli/open.c cli/describe.c \
	cli/cmd_run.c cli/sibling.c cli/progkind.c cli/cmd_query.c cli/cmd_maps.c cli/cmd_verify.c \
	cli/live.c cli/live.h cli/live_query.c cli/token.c cli/token.h cli/cmd_capture.c \
	cli/hits.c cli/hits.h
cli_mdtrace_CFLAGS = $(AM_CFLAGS) $(SAN_CFLAGS) -DMDTRACE_LIBDIR='"$(libdir)"' -I$(top_srcdir)/lib/tracer
cli_mdtrace_LDFLAGS = $(SAN_CFLAGS)
cli_mdtrace_LDADD = lib/libmdtracer.la lib/libmdcore.la
include cli/events.mk
include cli/hazards.mk
cli_mdtrace_SOURCES += cli/frames.c cli/frames.h
