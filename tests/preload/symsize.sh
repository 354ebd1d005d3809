#!/bin/sh
# symsize.sh - the sizes the patcher reads from libc's GNU hash table
# (lib/preload/symsize.c) are dladdr1's, for every function patched and
# for names with several versions or aliases; a size the lookup misses
# (0) fails too (the test asks the lookup alone, without the fallback).
. "$(dirname "$0")/common.sh"
need "$T/symsize"
"$T/symsize" mmap mmap64 munmap mremap mprotect pkey_mprotect madvise posix_madvise \
	brk sbrk shmat shmdt syscall close close_range sigaction pthread_sigmask \
	process_madvise getpid >"$WORK/out" || fail "sizes differ: $(grep -v ' \([0-9]*\) \1$' "$WORK/out")"
exit 0
