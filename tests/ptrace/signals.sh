#!/bin/sh
# signals.sh - the ptrace backend changes nothing of a program's signals:
# every signal blocked in every thread, its own SIGSYS handler (and a
# SIGSYS it sends itself), a job-control stop and continue, a death by a
# signal (status 128 + signal, as a shell reports it).
. "$(dirname "$0")/common.sh"
both blocked "$P" blocked
recorded "$WORK/blocked.mdt" main
agree blocked
both sigsys "$P" sigsys
agree sigsys

# stopped: the program stops itself; it stays stopped until continued
cat >"$WORK/stop.c" <<'C'
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
int main(void)
{
	raise(SIGSTOP);
	void *p = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("continued %d\n", p != MAP_FAILED);
	return 0;
}
C
${CC:-cc} -o "$WORK/stop" "$WORK/stop.c" || exit 99
traced stop "$WORK/stop" >"$WORK/stop.out" &
job=$!
pid=
for i in $(seq 100); do
	pid=$(pgrep -f "^$WORK/stop\$" | head -1)
	[ -n "$pid" ] && grep -q '^State:.*[Tt]' "/proc/$pid/status" 2>/dev/null && break
	sleep 0.05
done
[ -n "$pid" ] || fail "the stopped program did not start"
sleep 0.5
[ ! -s "$WORK/stop.out" ] || fail "the program did not stay stopped: $(cat "$WORK/stop.out")"
kill -CONT "$pid"
wait $job || fail "the continued program failed: $(cat "$WORK/stop.err")"
grep -q "continued 1" "$WORK/stop.out" || fail "the program did not go on after SIGCONT"
agree stop

# killed by a signal
traced killed sh -c 'kill -USR1 $$'
rc=$?
[ $rc = $((128 + 10)) ] || fail "a program killed by SIGUSR1 gave $rc"
exit 0
