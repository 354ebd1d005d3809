# tests/scenarios/local.mk - end-to-end scenarios: each program NAME.scenario
# runs under `mdtrace run` (driver: tests/scenarios/run.sh, the log compiler
# of the .scenario tests).
SCENARIOS = tests/scenarios/untouched.scenario \
	tests/scenarios/aba_munmap.scenario tests/scenarios/partial_unmap.scenario \
	tests/scenarios/fixed_over_live.scenario tests/scenarios/mprotect.scenario \
	tests/scenarios/mremap.scenario tests/scenarios/shared_file.scenario \
	tests/scenarios/shm.scenario tests/scenarios/brk.scenario \
	tests/scenarios/malloc_large.scenario tests/scenarios/raw_syscall.scenario \
	tests/scenarios/dlopen.scenario tests/scenarios/threads.scenario \
	tests/scenarios/fork.scenario tests/scenarios/xnu.scenario
check_PROGRAMS += $(SCENARIOS) tests/scenarios/mapsdiff
TESTS += $(SCENARIOS)
SCENARIO_LOG_COMPILER = $(SHELL) $(srcdir)/tests/scenarios/run.sh
EXTRA_DIST += tests/scenarios/run.sh tests/scenarios/scenario.h
tests_scenarios_mapsdiff_SOURCES = tests/scenarios/mapsdiff.c tests/testutil.c tests/testutil.h
tests_scenarios_mapsdiff_CFLAGS = $(TEST_CFLAGS)
tests_scenarios_mapsdiff_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/tests
tests_scenarios_mapsdiff_LDADD = $(TEST_LIBS)
tests_scenarios_threads_scenario_LDADD = -lpthread
tests_scenarios_dlopen_scenario_CPPFLAGS = $(AM_CPPFLAGS) -DDLO_PATH='"$(abs_builddir)/tests/scenarios/.libs/libdlo.so"'
tests_scenarios_dlopen_scenario_LDADD = -ldl
check_LTLIBRARIES += tests/scenarios/libdlo.la
tests_scenarios_libdlo_la_SOURCES = tests/scenarios/dlo.c
tests_scenarios_libdlo_la_LDFLAGS = -module -avoid-version -rpath /nowhere
tests_scenarios_untouched_scenario_SOURCES = tests/scenarios/untouched.c tests/scenarios/scenario.h
tests_scenarios_aba_munmap_scenario_SOURCES = tests/scenarios/aba_munmap.c tests/scenarios/scenario.h
tests_scenarios_partial_unmap_scenario_SOURCES = tests/scenarios/partial_unmap.c tests/scenarios/scenario.h
tests_scenarios_fixed_over_live_scenario_SOURCES = tests/scenarios/fixed_over_live.c tests/scenarios/scenario.h
tests_scenarios_mprotect_scenario_SOURCES = tests/scenarios/mprotect.c tests/scenarios/scenario.h
tests_scenarios_mremap_scenario_SOURCES = tests/scenarios/mremap.c tests/scenarios/scenario.h
tests_scenarios_shared_file_scenario_SOURCES = tests/scenarios/shared_file.c tests/scenarios/scenario.h
tests_scenarios_shm_scenario_SOURCES = tests/scenarios/shm.c tests/scenarios/scenario.h
tests_scenarios_brk_scenario_SOURCES = tests/scenarios/brk.c tests/scenarios/scenario.h
tests_scenarios_malloc_large_scenario_SOURCES = tests/scenarios/malloc_large.c tests/scenarios/scenario.h
tests_scenarios_raw_syscall_scenario_SOURCES = tests/scenarios/raw_syscall.c tests/scenarios/scenario.h
tests_scenarios_dlopen_scenario_SOURCES = tests/scenarios/dlopen.c tests/scenarios/scenario.h
tests_scenarios_threads_scenario_SOURCES = tests/scenarios/threads.c tests/scenarios/scenario.h
tests_scenarios_fork_scenario_SOURCES = tests/scenarios/fork.c tests/scenarios/scenario.h
tests_scenarios_xnu_scenario_SOURCES = tests/scenarios/xnu.c tests/scenarios/scenario.h

# Real programs under mdtrace run (tests/real/programs.sh).
TESTS += tests/real/programs.sh tests/real/unseen.sh tests/real/verify.sh tests/real/static.sh \
	tests/real/verify_all.sh tests/real/cancel.sh
EXTRA_DIST += tests/real/programs.sh tests/real/unseen.sh tests/real/verify.sh tests/real/verify_all.sh \
	tests/real/cancel.sh \
	tests/real/static.sh
# The same under each backend, against strace (BACKENDS="preload ptrace").
TESTS += tests/real/backends.sh
EXTRA_DIST += tests/real/backends.sh tests/real/stracecmp.py
