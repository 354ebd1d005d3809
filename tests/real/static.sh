#!/bin/sh
# static.sh - a statically linked program, which the preloaded library
# cannot enter: `mdtrace run --backend=preload` says so in one line on
# stderr (not "no trace to summarise"), leaves the program's output alone
# and exits with its status.  (The default backend, auto, traces it with
# the ptrace backend: tests/ptrace/static.sh.)
cc=${CC:-cc}
. "$(dirname "$0")/../init.sh"
need_cmd "$cc" "no C compiler"
printf '#include <stdio.h>\nint main(void) { puts("static output"); return 3; }\n' >"$WORK/st.c"
"$cc" -static -o "$WORK/st" "$WORK/st.c" || fail "cc -static failed (libc6-dev has libc.a)"
"$MDTRACE" run --backend=preload -o "$WORK/t.mdt" "$WORK/st" >"$WORK/out" 2>"$WORK/err"
rc=$?
[ $rc = 3 ] || fail "exit $rc, not the program's 3"
[ "$(cat "$WORK/out")" = "static output" ] || fail "stdout: $(cat "$WORK/out")"
[ "$(wc -l <"$WORK/err")" = 1 ] && grep -q "is statically linked: the preloaded library cannot enter it" "$WORK/err" ||
	fail "stderr: $(cat "$WORK/err")"
echo "ok: $(cat "$WORK/err")"
