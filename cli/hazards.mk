# cli/hazards.mk - `mdtrace hazards` and `mdtrace stats`.
cli_mdtrace_SOURCES += cli/cmd_hazards.c cli/cmd_stats.c
