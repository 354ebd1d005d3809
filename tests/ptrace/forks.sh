#!/bin/sh
# forks.sh - fork children and exec'd images under the ptrace backend get
# their own traces, named as the preloaded library names them (PATH.<pid>,
# PATH.<pid>.<n>); a vfork child runs in its parent's memory until it
# execs; every trace agrees with the kernel at its exit.
. "$(dirname "$0")/common.sh"
both fork "$P" fork
agree fork 3
child=$(ls "$WORK"/fork.mdt.* | grep '\.mdt\.[0-9]*$') || fail "no fork child trace"
recorded "$child" child
ls "$WORK"/fork.mdt.* | grep -q '\.mdt\.[0-9]*\.1$' || fail "no exec'd image trace"
"$MDTRACE" events "$WORK/fork.mdt" | grep -q '^[0-9]* .* fork() = [0-9]' || fail "no fork record"
# a shell pipeline and a chain of execs
both sh sh -c 'seq 1 3000 | sort -rn | head -n 2; exec sh -c "exec true"'
k=$(ls "$WORK"/sh.mdt* | wc -l)
[ "$k" -ge 6 ] || fail "only $k traces for a pipeline of three and two execs"
agree sh 4 # seq, sort, head and the last image, true
# a thread that execs: it takes its leader's id, the other threads end
cat >"$WORK/texec.c" <<'C'
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
static void *run(void *arg)
{
	mmap(0, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	execl("/bin/echo", "echo", "from the thread", (char *)0);
	return arg;
}
int main(void)
{
	pthread_t t;
	pthread_create(&t, 0, run, 0);
	for (;;)
		pause();
}
C
${CC:-cc} -O2 -pthread -o "$WORK/texec" "$WORK/texec.c" || exit 99
both texec timeout 60 "$WORK/texec"
agree texec 2 # timeout and echo; texec was replaced
# a fork storm: 200 children, each mapping and exiting
cat >"$WORK/storm.c" <<'C'
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void)
{
	for (int i = 0; i < 200; i++) {
		pid_t p = fork();
		if (p == 0) {
			mmap(0, 4096 * (i + 1), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			_exit(i % 7);
		}
		int st;
		if (i % 4 == 3)
			while (wait(&st) > 0)
				;
	}
	while (wait(0) > 0)
		;
	puts("storm");
	return 0;
}
C
${CC:-cc} -O2 -o "$WORK/storm" "$WORK/storm.c" || exit 99
both storm "$WORK/storm"
agree storm 201
exit 0
