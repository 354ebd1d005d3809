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

BENCH_PROGS = bench/bench_table$(EXEEXT) bench/hooks_loop$(EXEEXT) cli/mdtrace$(EXEEXT) \
	lib/libmdtrace_preload.la

.PHONY: bench
bench: $(BENCH_PROGS)
	@# one core, so that runs are comparable on a shared 2-core machine
	if command -v taskset >/dev/null 2>&1; then taskset -c 1 ./bench/bench_table$(EXEEXT); \
	else ./bench/bench_table$(EXEEXT); fi
	$(SHELL) $(srcdir)/bench/bench_hooks.sh ./cli/mdtrace$(EXEEXT) ./bench/hooks_loop$(EXEEXT)
	$(SHELL) $(srcdir)/bench/bench_ptrace.sh ./cli/mdtrace$(EXEEXT) ./bench/hooks_loop$(EXEEXT)
	$(SHELL) $(srcdir)/bench/bench_replay.sh ./cli/mdtrace$(EXEEXT) ./bench/hooks_loop$(EXEEXT)
