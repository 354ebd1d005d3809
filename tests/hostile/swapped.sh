#!/bin/sh
# swapped.sh - `verify --pid` reads the trace the process maps, not what
# its path names now: after the trace is renamed and another file put at
# its path (a process's owner can do that to root's verify), the command
# does not read that file as the process's trace.
. "$(dirname "$0")/../init.sh"
cc=${CC:-cc}
need_cmd "$cc" "no C compiler"
on_exit() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; }
printf '#include <stdio.h>\n#include <unistd.h>\nint main(int c, char **v) { FILE *f = fopen(v[1], "w"); fprintf(f, "%%d\\n", (int)getpid()); fclose(f); sleep(30); return 0; }\n' >"$WORK/w.c"
"$cc" -o "$WORK/w" "$WORK/w.c" || exit 99
"$MDTRACE" run -o "$WORK/t.mdt" "$WORK/w" "$WORK/pid" 2>/dev/null &
for i in $(seq 100); do [ -s "$WORK/pid" ] && break; sleep 0.1; done
pid=$(cat "$WORK/pid" 2>/dev/null)
[ -n "$pid" ] || fail "the traced program did not start"
"$MDTRACE" verify --pid="$pid" >/dev/null 2>&1 || fail "verify --pid failed before the swap"
# the trace replaced at its path: /proc/PID/maps then names the mapped
# file "PATH (deleted)", and a file of that very name is put beside it (a
# copy: it names the same pid, but is not the file the process writes; a
# forged trace could be put there the same way)
cp "$WORK/t.mdt" "$WORK/new" && mv "$WORK/new" "$WORK/t.mdt"
cp "$WORK/t.mdt" "$WORK/t.mdt (deleted)"
grep -q 't.mdt (deleted)' "/proc/$pid/maps" || fail "the kernel does not name the mapping deleted"
out=$("$MDTRACE" verify --pid="$pid" 2>&1)
rc=$?
[ $rc = 1 ] || fail "verify --pid read the file now at the trace's path (status $rc): $out"
echo "ok: $out"
