#!/bin/sh
# growth.sh - the trace index grows with its trace, not with its square,
# however many distinct files or segments the program meets: N System V
# segments, each made, attached, detached and removed (every one a new
# file entry of the table, kept for its identity).  Each checkpoint saves
# every file, so checkpoints are spaced by files too; spaced by pieces
# alone, the index of 120,000 segments was 80% of its trace, and the
# share grows with the count (quadratic: 4 times the segments, 4 times the
# share); spaced by files as well, under a half.  Answers with the index
# stay those without it.
. "$(dirname "$0")/../init.sh"
cc=${CC:-cc}
need_cmd "$cc" "no C compiler"
unset MDTRACE_INDEX_EVERY MDTRACE_NO_INDEX
cat >"$WORK/shm.c" <<'C'
#include <stdio.h>
#include <sys/shm.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
	void *last = 0;
	for (int i = 0; i < atoi(argv[1]); i++) {
		int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
		void *p = shmat(id, 0, 0);
		if (p == (void *)-1)
			return 1;
		shmdt(p);
		shmctl(id, IPC_RMID, 0);
		last = p;
	}
	printf("a %p\n", last);
	return 0;
}
C
"$cc" -O2 -o "$WORK/shm" "$WORK/shm.c" || exit 99
# share N: the index's size as a percentage of its trace's, for N segments
share() {
	"$MDTRACE" run --stacks=0 -o "$WORK/t$1.mdt" "$WORK/shm" $1 >"$WORK/out" 2>"$WORK/err" ||
		fail "$(cat "$WORK/err")"
	a=$(sed -n 's/^a //p' "$WORK/out")
	"$MDTRACE" query --at=end "$WORK/t$1.mdt" "$a" 4096 >"$WORK/with" 2>&1
	[ -s "$WORK/.t$1.mdt.idx" ] || fail "query built no index"
	MDTRACE_NO_INDEX=1 "$MDTRACE" query --at=end "$WORK/t$1.mdt" "$a" 4096 >"$WORK/without" 2>&1
	cmp -s "$WORK/with" "$WORK/without" || fail "the index changed the answer: $(diff "$WORK/with" "$WORK/without")"
	t=$(stat -c %s "$WORK/t$1.mdt")
	i=$(stat -c %s "$WORK/.t$1.mdt.idx")
	echo "$1 segments: trace $t bytes, index $i bytes ($((i * 100 / t))%)" >&2
	echo $((i * 100 / t))
}
large=$(share 120000)
[ "$large" -lt 50 ] || fail "the index is $large% of its trace"
exit 0
