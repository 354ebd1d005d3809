# bench/local.mk - `make bench`: benchmarks, not tests.  Each program prints
# its numbers (and PASS/MISS against its targets) and exits 0.  To add one:
# list it in noinst_PROGRAMS and BENCH_PROGS, and give it a line below.
noinst_PROGRAMS += bench/bench_table
bench_bench_table_SOURCES = bench/bench_table.c
bench_bench_table_CFLAGS = $(AM_CFLAGS) -O2
bench_bench_table_LDADD = lib/libmdcore.la
bench_bench_table_LDFLAGS = $(SAN_CFLAGS)

noinst_PROGRAMS += bench/hooks_loop
bench_hooks_loop_SOURCES = bench/hooks_loop.c
bench_hooks_loop_CFLAGS = $(AM_CFLAGS) -O2
EXTRA_DIST += bench/bench_hooks.sh bench/bench_replay.sh bench/bench_ptrace.sh bench/common.sh

# bench_process.sh: the time tracing adds to a process's start and exit.
noinst_PROGRAMS += bench/spawn_loop
bench_spawn_loop_SOURCES = bench/spawn_loop.c
bench_spawn_loop_CFLAGS = $(AM_CFLAGS) -O2
EXTRA_DIST += bench/bench_process.sh
# bench_real.sh: gcc, python3, git and make -j2, whole processes.
EXTRA_DIST += bench/bench_real.sh

# The C API (issue 12), linked as programs link it (include/, libmdtrace;
# -no-install: the program itself, not libtool's wrapper script).
# bench_api: the reuse check's latency and its cost per event.
noinst_PROGRAMS += bench/bench_api
bench_bench_api_SOURCES = bench/bench_api.c
bench_bench_api_CPPFLAGS = -I$(top_srcdir)/include
bench_bench_api_CFLAGS = $(AM_CFLAGS) -O2
bench_bench_api_LDADD = lib/libmdtrace.la
bench_bench_api_LDFLAGS = -no-install
# bench_events.sh: hooks_loop with a counting event handler, libmdtrace's
# and UCX UCM's (when configure found libucx-dev).
noinst_PROGRAMS += bench/hooks_loop_mdtrace
bench_hooks_loop_mdtrace_SOURCES = bench/hooks_loop.c bench/loop_mdtrace.c bench/loop_handler.h
bench_hooks_loop_mdtrace_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/include
bench_hooks_loop_mdtrace_CFLAGS = $(AM_CFLAGS) -O2
bench_hooks_loop_mdtrace_LDADD = lib/libmdtrace.la
bench_hooks_loop_mdtrace_LDFLAGS = -no-install
BENCH_UCM =
if HAVE_UCM
noinst_PROGRAMS += bench/hooks_loop_ucm
bench_hooks_loop_ucm_SOURCES = bench/hooks_loop.c bench/loop_ucm.c bench/loop_handler.h
bench_hooks_loop_ucm_CFLAGS = $(AM_CFLAGS) -O2
bench_hooks_loop_ucm_LDADD = $(UCM_LIBS)
BENCH_UCM += bench/hooks_loop_ucm$(EXEEXT)
endif
EXTRA_DIST += bench/bench_events.sh

BENCH_PROGS = bench/bench_table$(EXEEXT) bench/hooks_loop$(EXEEXT) cli/mdtrace$(EXEEXT) \
	lib/libmdtrace_preload.la bench/bench_api$(EXEEXT) bench/hooks_loop_mdtrace$(EXEEXT) \
	bench/spawn_loop$(EXEEXT) $(BENCH_UCM)

.PHONY: bench
bench: $(BENCH_PROGS)
	@# one core, so that runs are comparable on a shared 2-core machine
	if command -v taskset >/dev/null 2>&1; then taskset -c 1 ./bench/bench_table$(EXEEXT); \
	else ./bench/bench_table$(EXEEXT); fi
	$(SHELL) $(srcdir)/bench/bench_hooks.sh ./cli/mdtrace$(EXEEXT) ./bench/hooks_loop$(EXEEXT)
	$(SHELL) $(srcdir)/bench/bench_process.sh ./cli/mdtrace$(EXEEXT) ./bench/spawn_loop$(EXEEXT)
	$(SHELL) $(srcdir)/bench/bench_real.sh ./cli/mdtrace$(EXEEXT)
	if command -v taskset >/dev/null 2>&1; then taskset -c 1 ./bench/bench_api$(EXEEXT); \
	else ./bench/bench_api$(EXEEXT); fi
	$(SHELL) $(srcdir)/bench/bench_events.sh ./bench/hooks_loop$(EXEEXT) \
		./bench/hooks_loop_mdtrace$(EXEEXT) ./bench/hooks_loop_ucm$(EXEEXT)
	$(SHELL) $(srcdir)/bench/bench_ptrace.sh ./cli/mdtrace$(EXEEXT) ./bench/hooks_loop$(EXEEXT)
	$(SHELL) $(srcdir)/bench/bench_replay.sh ./cli/mdtrace$(EXEEXT) ./bench/hooks_loop$(EXEEXT)
