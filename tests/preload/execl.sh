#!/bin/sh
# execl.sh - the execl/execlp/execle wrappers rebuild the argument list (and
# execle's environment) exactly: the same output with and without the
# library, and every exec is recorded.
. "$(dirname "$0")/common.sh"
cc=${CC:-cc}
need_cmd "$cc" "no C compiler"
cat >"$WORK/el.c" <<'C'
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
static char *env[] = {"X=envp-ok", NULL};
static void child(int which)
{
	if (fork())
		return (void)wait(NULL);
	if (which == 0)
		execl("/bin/echo", "echo", "execl", "a", "b", (char *)0);
	else if (which == 1)
		execlp("echo", "echo", "execlp", (char *)0);
	else if (which == 2)
		execle("/bin/sh", "sh", "-c", "echo execle $X; echo args $#", (char *)0, env);
	_exit(9);
}
int main(void)
{
	for (int i = 0; i < 3; i++)
		child(i);
	return 0;
}
C
"$cc" -o "$WORK/el" "$WORK/el.c" || exit 99
"$WORK/el" >"$WORK/plain" || exit 99
preloaded el "$WORK/el" >"$WORK/traced" || fail "the program failed under the library"
cmp -s "$WORK/plain" "$WORK/traced" || { diff "$WORK/plain" "$WORK/traced"; fail "execl* output changed"; }
# each exec happens in a fork child, which writes its own trace el.mdt.<pid>
n=0
for t in "$WORK"/el.mdt.*; do
	[ -f "$t" ] || continue
	k=$("$T/trace_dump" "$t" | awk '$2 == 15 && $4 == 0 { n++ } END { print n + 0 }')
	n=$((n + k))
done
[ "$n" -ge 3 ] || fail "expected 3 exec records in the children's traces, found $n"
echo "ok: execl, execlp and execle behave the same and are recorded"
