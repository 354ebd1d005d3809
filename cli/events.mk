# cli/events.mk - `mdtrace events` and the stack symbolizer (elfutils libdw).
cli_mdtrace_SOURCES += cli/cmd_events.c cli/symbolize.c cli/symbolize.h
cli_mdtrace_CFLAGS += $(LIBDW_CFLAGS)
cli_mdtrace_LDADD += $(LIBDW_LIBS)
