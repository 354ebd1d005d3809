#!/bin/sh
# inline.sh - mmap, mremap and munmap made with `syscall` instructions in
# main and in a pthread are recorded, and the table is the kernel's; with
# dispatch off (MDTRACE_SUD=off) they are not, and the trace says so.
. "$(dirname "$0")/common.sh"
both inline
recorded "$WORK/t.mdt" main
recorded "$WORK/t.mdt" thread
agrees "$WORK/t.mdt"
MDTRACE_SUD=off preloaded off "$P" inline >/dev/null 2>&1 || fail "MDTRACE_SUD=off run failed"
"$MDTRACE" events "$WORK/off.mdt" | grep -q 'blind(".*MDTRACE_SUD=off' || fail "no blind record with MDTRACE_SUD=off"
! "$MDTRACE" verify "$WORK/off.mdt" >/dev/null 2>&1 || fail "verify agrees without dispatch: the test cannot fail"
exit 0
