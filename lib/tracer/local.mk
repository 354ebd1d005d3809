# lib/tracer/local.mk - the ptrace backend (`mdtrace run --backend=ptrace`):
# a supervisor linked into the command.  It shares the trace format and the
# record list (lib/trace) and the naming rule of trace files
# (lib/preload/writer_name.c) with the preloaded library.
noinst_LTLIBRARIES += lib/libmdtracer.la
lib_libmdtracer_la_SOURCES = lib/tracer/tracer.h \
	lib/tracer/supervise.c lib/tracer/tasks.c lib/tracer/tasks.h \
	lib/tracer/calls.c lib/tracer/calls.h lib/tracer/filter.c lib/tracer/filter.h \
	lib/tracer/tfile.c lib/tracer/tfile.h lib/tracer/remote.c lib/tracer/remote.h \
	lib/tracer/modules.c lib/tracer/modules.h lib/tracer/unwind.c lib/tracer/code.c \
	lib/preload/writer_name.c lib/preload/writer_name.h lib/preload/prim.c lib/preload/prim.h
lib_libmdtracer_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/lib/preload
lib_libmdtracer_la_CFLAGS = $(AM_CFLAGS) $(SAN_CFLAGS) $(LIBUNWIND_PTRACE_CFLAGS) $(LIBDW_CFLAGS)
lib_libmdtracer_la_LIBADD = $(LIBUNWIND_PTRACE_LIBS) $(LIBDW_LIBS)
