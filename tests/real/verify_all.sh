#!/bin/sh
# verify_all.sh - `mdtrace run --verify` checks every trace of the run, not
# only the first process's: a fork child whose table differs from the
# kernel's (it maps memory with a call the library cannot see while
# MDTRACE_SUD=off) makes a 0 status 1, and the child's line says so.
. "$(dirname "$0")/../init.sh"
cc=${CC:-cc}
need_cmd "$cc" "no C compiler"
cat >"$WORK/child.c" <<'C'
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void)
{
	if (fork() == 0) { /* a mapping the preload cannot see without dispatch */
		long p;
		register long fl __asm__("r10") = MAP_PRIVATE | MAP_ANONYMOUS;
		register long fd __asm__("r8") = -1;
		register long off __asm__("r9") = 0;
		__asm__ volatile("syscall" : "=a"(p) : "a"(SYS_mmap), "D"(0), "S"(1 << 20),
				 "d"(PROT_READ), "r"(fl), "r"(fd), "r"(off) : "rcx", "r11", "memory");
		exit(p == -1); /* exit, not _exit: the trace gets its end */
	}
	int st;
	wait(&st);
	return 0;
}
C
"$cc" -O2 -o "$WORK/child" "$WORK/child.c" || exit 99
MDTRACE_SUD=off "$MDTRACE" run --verify -o "$WORK/t.mdt" "$WORK/child" 2>"$WORK/err"
rc=$?
[ $rc = 1 ] || fail "status $rc, not 1: $(cat "$WORK/err")"
grep -q "t.mdt: agrees" "$WORK/err" || fail "the parent's trace was not verified: $(cat "$WORK/err")"
grep -q 't\.mdt\.[0-9]*: differs' "$WORK/err" || fail "the child's trace was not verified: $(cat "$WORK/err")"
# with dispatch the child's call is seen and everything agrees
"$MDTRACE" run --verify -o "$WORK/u.mdt" "$WORK/child" 2>"$WORK/err2" || fail "$(cat "$WORK/err2")"
[ "$(grep -c 'agrees with the kernel' "$WORK/err2")" = 2 ] || fail "$(cat "$WORK/err2")"
exit 0
