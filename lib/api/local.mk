# lib/api/local.mk - libmdtrace: the C API of mdtrace.h (mdtrace(3)).  The
# analysis it needs (table, verdicts, record effects) is the core's own
# source, compiled in with hidden symbols; the capture is the preloaded
# library, its dependency (one copy per process, whether preloaded or not).
lib_LTLIBRARIES += lib/libmdtrace.la
include_HEADERS = include/mdtrace.h
lib_libmdtrace_la_SOURCES = \
	lib/api/api.h lib/api/init.c lib/api/lock.c lib/api/mem.c lib/api/sys_capture.c \
	lib/api/live.c lib/api/desc_api.c lib/api/events.c \
	lib/preload/capture.h \
	lib/core/arena.c lib/core/arena.h lib/core/sys.h \
	lib/core/table.c lib/core/table.h lib/core/table_ops.c lib/core/table_internal.h \
	lib/core/seed.c lib/core/reconcile.c lib/core/procfmt.c lib/core/procfmt.h \
	lib/core/desc.c lib/core/verdict.c lib/core/verdict.h lib/core/mem.h \
	lib/trace/apply.c lib/trace/apply.h lib/trace/changes.c lib/trace/changes.h \
	lib/trace/events.c lib/trace/events.h lib/trace/format.h
lib_libmdtrace_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/include -I$(top_srcdir)/lib/preload
lib_libmdtrace_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden -ftls-model=initial-exec
# 0:0:0: the first interface (libtool's current:revision:age)
lib_libmdtrace_la_LDFLAGS = -version-info 0:0:0 -Wl,--no-undefined
lib_libmdtrace_la_LIBADD = lib/libmdtrace_preload.la -lpthread

pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = lib/api/mdtrace.pc
EXTRA_DIST += lib/api/mdtrace.pc.in
