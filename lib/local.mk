# lib/local.mk - the core (table, verdicts, trace reading and replay): one
# convenience library linked into the command and the tests.  The preloaded
# library shares only the trace format (format.h, events.def) and sys.c
# with it: the hooks write the trace, the command analyses it.

# xlat.h: the kernel constants by name, checked against the system headers
# (lib/trace/xlat.in says how).
BUILT_SOURCES += lib/trace/xlat.h
CLEANFILES += lib/trace/xlat.h
EXTRA_DIST += lib/trace/xlat.in lib/trace/gen_xlat.awk
lib/trace/xlat.h: $(srcdir)/lib/trace/xlat.in $(srcdir)/lib/trace/gen_xlat.awk
	$(AM_V_GEN)$(MKDIR_P) lib/trace && \
	$(AWK) -f $(srcdir)/lib/trace/gen_xlat.awk $(srcdir)/lib/trace/xlat.in >$@.tmp && mv $@.tmp $@

noinst_LTLIBRARIES += lib/libmdcore.la
lib_libmdcore_la_SOURCES = \
	lib/core/arena.c lib/core/arena.h \
	lib/core/sys.c lib/core/sys.h \
	lib/core/table.c lib/core/table.h \
	lib/core/table_ops.c lib/core/table_internal.h \
	lib/core/seed.c lib/core/reconcile.c \
	lib/core/procfmt.c lib/core/procfmt.h \
	lib/core/desc.c lib/core/verdict.c lib/core/verdict.h \
	lib/core/mem.h lib/core/mem_libc.c \
	lib/trace/format.h lib/trace/events.def lib/trace/pp.h \
	lib/trace/events.c lib/trace/events.h \
	lib/trace/reader.c lib/trace/reader.h \
	lib/trace/openreg.c lib/trace/openreg.h lib/trace/shrink.c lib/trace/shrink.h \
	lib/trace/clock.c lib/trace/clock.h \
	lib/trace/apply.c lib/trace/apply.h \
	lib/trace/changes.c lib/trace/changes.h \
	lib/trace/replay.c lib/trace/replay.h lib/trace/replay_internal.h \
	lib/trace/replay_index.c lib/trace/replay_access.c \
	lib/trace/checkpoint.c lib/trace/checkpoint.h lib/core/table_snap.c \
	lib/trace/aba.c lib/trace/aba.h \
	lib/trace/hazard.c lib/trace/hazard.h
lib_libmdcore_la_CFLAGS = $(AM_CFLAGS) $(SAN_CFLAGS) -fPIC

# The preloaded library: the hooks (hooks.mk) and the trace writer
# (writer.mk).  Built without sanitizers: it runs inside other programs.
lib_LTLIBRARIES = lib/libmdtrace_preload.la
lib_libmdtrace_preload_la_SOURCES = lib/preload/emit.h lib/trace/format.h lib/trace/events.def \
	lib/trace/pp.h lib/trace/events.c lib/trace/events.h lib/core/sys.c lib/core/sys.h
lib_libmdtrace_preload_la_CPPFLAGS = $(AM_CPPFLAGS) -DMD_PRELOAD
lib_libmdtrace_preload_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden -ftls-model=initial-exec \
	-fno-stack-protector $(LIBUNWIND_CFLAGS)
lib_libmdtrace_preload_la_LDFLAGS = -module -avoid-version -shared -Wl,-z,nodelete
# libunwind is not linked: stack.c opens it when stacks are recorded.
lib_libmdtrace_preload_la_LIBADD = -ldl -lpthread
include lib/preload/hooks.mk
include lib/preload/writer.mk
include lib/tracer/local.mk
include lib/api/local.mk
