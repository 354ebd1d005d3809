#!/bin/sh
# verify.sh - `mdtrace verify --pid` on a live traced process agrees with its
# /proc/PID/maps; an untraced process and a missing one are one-line errors;
# `mdtrace run --verify` checks the table at exit.
mdtrace=./cli/mdtrace
cc=${CC:-cc}
. "$(dirname "$0")/../init.sh"
need_cmd "$cc" "no C compiler"
tmp=$WORK
on_exit() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; }
cat >"$tmp/w.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	char *p = mmap(0, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;
	FILE *f = fopen(argv[1], "w");
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
	sleep(30); /* the test kills it */
	return 0;
}
C
"$cc" -o "$tmp/w" "$tmp/w.c" || exit 99
$mdtrace run -o "$tmp/w.mdt" "$tmp/w" "$tmp/pid" 2>/dev/null &
for i in $(seq 100); do [ -s "$tmp/pid" ] && break; sleep 0.1; done
pid=$(cat "$tmp/pid" 2>/dev/null)
[ -n "$pid" ] || { echo "FAIL: the traced program did not start"; exit 1; }
out=$($mdtrace verify --pid="$pid") || { echo "FAIL: verify --pid disagreed: $out"; exit 1; }
echo "$out" | grep -q agrees || { echo "FAIL: unexpected output: $out"; exit 1; }
echo "ok: $out"
kill "$pid"
pid=
sleep 30 &
other=$!
err=$($mdtrace verify --pid="$other" 2>&1)
rc=$?
kill "$other"
[ $rc = 1 ] && [ "$(echo "$err" | wc -l)" = 1 ] && echo "$err" | grep -q "not traced" ||
	{ echo "FAIL: untraced pid: rc $rc: $err"; exit 1; }
err=$($mdtrace verify --pid=2147483600 2>&1)
[ $? = 1 ] && echo "$err" | grep -q "no process" || { echo "FAIL: missing pid: $err"; exit 1; }
$mdtrace verify --pid=x >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: a bad --pid is not a usage error"; exit 1; }
echo '#include <stdio.h>
int main(void) { puts("program output"); return 0; }' >"$tmp/t.c"
"$cc" -o "$tmp/t" "$tmp/t.c" || exit 99
$mdtrace run -o "$tmp/t.mdt" --verify "$tmp/t" >"$tmp/run.out" 2>"$tmp/run.err" ||
	{ echo "FAIL: run --verify exited non-zero"; exit 1; }
grep -q "agrees with the kernel" "$tmp/run.err" || { echo "FAIL: run --verify printed: $(cat "$tmp/run.err")"; exit 1; }
# the verdict is mdtrace's report: never mixed into the program's output
[ "$(cat "$tmp/run.out")" = "program output" ] ||
	{ echo "FAIL: run --verify wrote to the program's stdout: $(cat "$tmp/run.out")"; exit 1; }
echo "ok: untraced and missing pids are errors; run --verify agrees"
