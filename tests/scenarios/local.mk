# tests/scenarios/local.mk - end-to-end scenarios: each program runs under
# `mdtrace run` (driver: tests/scenarios/run.sh, the LOG_COMPILER of every
# test without an extension).
SCENARIOS = tests/scenarios/untouched tests/scenarios/aba_munmap \
	tests/scenarios/partial_unmap tests/scenarios/fixed_over_live \
	tests/scenarios/mprotect tests/scenarios/mremap tests/scenarios/shared_file \
	tests/scenarios/shm tests/scenarios/brk tests/scenarios/malloc_large \
	tests/scenarios/raw_syscall tests/scenarios/dlopen tests/scenarios/threads \
	tests/scenarios/fork
check_PROGRAMS += $(SCENARIOS) tests/scenarios/mapsdiff
TESTS += $(SCENARIOS)
LOG_COMPILER = $(SHELL) $(srcdir)/tests/scenarios/run.sh
EXTRA_DIST += tests/scenarios/run.sh tests/scenarios/scenario.h
tests_scenarios_mapsdiff_SOURCES = tests/scenarios/mapsdiff.c tests/testutil.c tests/testutil.h
tests_scenarios_mapsdiff_CFLAGS = $(TEST_CFLAGS)
tests_scenarios_mapsdiff_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/tests
tests_scenarios_mapsdiff_LDADD = $(TEST_LIBS)
tests_scenarios_threads_LDADD = -lpthread
tests_scenarios_dlopen_CPPFLAGS = $(AM_CPPFLAGS) -DDLO_PATH='"$(abs_builddir)/tests/scenarios/.libs/libdlo.so"'
tests_scenarios_dlopen_LDADD = -ldl
check_LTLIBRARIES += tests/scenarios/libdlo.la
tests_scenarios_libdlo_la_SOURCES = tests/scenarios/dlo.c
tests_scenarios_libdlo_la_LDFLAGS = -module -avoid-version -rpath /nowhere
tests_scenarios_untouched_SOURCES = tests/scenarios/untouched.c tests/scenarios/scenario.h
tests_scenarios_aba_munmap_SOURCES = tests/scenarios/aba_munmap.c tests/scenarios/scenario.h
tests_scenarios_partial_unmap_SOURCES = tests/scenarios/partial_unmap.c tests/scenarios/scenario.h
tests_scenarios_fixed_over_live_SOURCES = tests/scenarios/fixed_over_live.c tests/scenarios/scenario.h
tests_scenarios_mprotect_SOURCES = tests/scenarios/mprotect.c tests/scenarios/scenario.h
tests_scenarios_mremap_SOURCES = tests/scenarios/mremap.c tests/scenarios/scenario.h
tests_scenarios_shared_file_SOURCES = tests/scenarios/shared_file.c tests/scenarios/scenario.h
tests_scenarios_shm_SOURCES = tests/scenarios/shm.c tests/scenarios/scenario.h
tests_scenarios_brk_SOURCES = tests/scenarios/brk.c tests/scenarios/scenario.h
tests_scenarios_malloc_large_SOURCES = tests/scenarios/malloc_large.c tests/scenarios/scenario.h
tests_scenarios_raw_syscall_SOURCES = tests/scenarios/raw_syscall.c tests/scenarios/scenario.h
tests_scenarios_dlopen_SOURCES = tests/scenarios/dlopen.c tests/scenarios/scenario.h
tests_scenarios_threads_SOURCES = tests/scenarios/threads.c tests/scenarios/scenario.h
tests_scenarios_fork_SOURCES = tests/scenarios/fork.c tests/scenarios/scenario.h

# Real programs under mdtrace run (tests/real/programs.sh).
TESTS += tests/real/programs.sh tests/real/unseen.sh tests/real/verify.sh
EXTRA_DIST += tests/real/programs.sh tests/real/unseen.sh tests/real/verify.sh
