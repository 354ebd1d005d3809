# lib/preload/hooks.mk - the hooks of the preloaded library: libc's mapping
# functions patched at their entry (patch.c) and reimplemented with raw
# system calls (hooks_*.c), exported under libc's names by hooks_entry.S;
# events.def lists them.
lib_libmdtrace_preload_la_SOURCES += \
	lib/preload/hooks_common.h \
	lib/preload/patch.c lib/preload/patch.h lib/preload/symsize.c \
	lib/preload/hooks_install.c \
	lib/preload/hooks_mmap.c \
	lib/preload/hooks_prot.c \
	lib/preload/hooks_madvise.c \
	lib/preload/hooks_brk.c \
	lib/preload/hooks_shm.c \
	lib/preload/hooks_syscall.c \
	lib/preload/hooks_entry.S \
	lib/preload/hooks_signal.c \
	lib/preload/sud.c lib/preload/sud.h lib/preload/sud_entry.S \
	lib/preload/thread.c \
	lib/preload/unseen.c lib/trace/unseen.def lib/preload/fds.c lib/preload/fds.h
