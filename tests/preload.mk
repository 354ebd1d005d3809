# tests/preload.mk
# Hooks (lib/preload/hooks*.c, patch.c): transparency and coverage, each a
# script that runs a small program plain and under the preloaded library.
# Built without sanitizers: they run with the library preloaded.
PRELOAD_HOOK_PROGS = tests/preload/transparency tests/preload/internal \
	tests/preload/brk tests/preload/stress tests/preload/rawsys \
	tests/preload/forkexec tests/preload/trace_dump tests/preload/clone \
	tests/preload/setuid tests/preload/fds tests/preload/unwind tests/preload/symsize \
	tests/preload/reenter
check_PROGRAMS += $(PRELOAD_HOOK_PROGS)
tests_preload_internal_LDADD = -lpthread
tests_preload_stress_LDADD = -lpthread
tests_preload_unwind_LDADD = -ldl
tests_preload_reenter_LDADD = -lpthread
tests_preload_symsize_SOURCES = tests/preload/symsize.c lib/preload/symsize.c
tests_preload_symsize_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/lib/preload
tests_preload_symsize_LDADD = -ldl
# the checked reader of the command; sanitized like it in --enable-sanitizers
tests_preload_trace_dump_LDADD = lib/libmdcore.la
tests_preload_trace_dump_LDFLAGS = $(SAN_CFLAGS)
PRELOAD_HOOK_TESTS = tests/preload/transparency.sh tests/preload/internal.sh \
	tests/preload/brk.sh tests/preload/signals.sh tests/preload/rawsys.sh \
	tests/preload/forkexec.sh tests/preload/runpath.sh tests/preload/execl.sh \
	tests/preload/clone.sh tests/preload/setuid.sh tests/preload/fds.sh \
	tests/preload/textprot.sh tests/preload/unwind.sh tests/preload/symsize.sh \
	tests/preload/reenter.sh
TESTS += $(PRELOAD_HOOK_TESTS)
EXTRA_DIST += $(PRELOAD_HOOK_TESTS) tests/preload/common.sh
# Trace writer (lib/preload/writer.c, init.c, dl.c, fork.c, mark.c): shell
# tests that run tests/writer/prog under the library and read the trace
# with the test-only walker.
check_PROGRAMS += tests/writer/walk tests/writer/prog tests/writer/ring
tests_writer_walk_SOURCES = tests/writer/walk.c
tests_writer_ring_SOURCES = tests/writer/ring.c
tests_writer_prog_SOURCES = tests/writer/prog.c
tests_writer_prog_LDADD = -ldl -lpthread
check_LTLIBRARIES += tests/writer/libmdtdltest.la
tests_writer_libmdtdltest_la_SOURCES = tests/writer/dltest.c
tests_writer_libmdtdltest_la_LDFLAGS = -module -avoid-version -shared -rpath /nowhere
WRITER_TESTS = tests/writer/basic.sh tests/writer/kill.sh tests/writer/threads.sh \
	tests/writer/exit_threads.sh \
	tests/writer/fork.sh tests/writer/dl.sh tests/writer/symlink.sh tests/writer/mode.sh \
	tests/writer/ring_kill.sh tests/writer/ring_live.sh tests/writer/ring_signal.sh \
	tests/writer/ring_grow_signal.sh
TESTS += $(WRITER_TESTS)
EXTRA_DIST += $(WRITER_TESTS) tests/writer/common.sh
