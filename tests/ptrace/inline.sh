#!/bin/sh
# inline.sh - under the ptrace backend, mmap, mremap and munmap made with
# the program's own `syscall` instructions, in main and in a pthread, are
# recorded with their stacks, and the table is the kernel's at exit.
. "$(dirname "$0")/common.sh"
both t "$P" inline
recorded "$WORK/t.mdt" main
recorded "$WORK/t.mdt" thread
agree t
"$DUMP" "$WORK/t.mdt" | awk -v f=$TF_PTRACE '/^# flags/ { exit int($3 / f) % 2 != 1 }' ||
	fail "the header does not say the ptrace backend wrote it"
exit 0
