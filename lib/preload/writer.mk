# lib/preload/writer.mk
lib_libmdtrace_preload_la_SOURCES += lib/preload/writer.h lib/preload/writer.c \
	lib/preload/writer_name.c lib/preload/writer_name.h lib/preload/writer_clock.c lib/preload/writer_grow.c \
	lib/preload/writer_emit.c lib/preload/writer_tool.c \
	lib/preload/prim.h lib/preload/prim.c \
	lib/preload/emit_inline.h lib/preload/lock.h \
	lib/preload/lock.c lib/preload/stack.c lib/preload/init.c \
	lib/preload/dl.c lib/preload/fork.c lib/preload/mark.c \
	lib/preload/capture.c lib/preload/capture.h
