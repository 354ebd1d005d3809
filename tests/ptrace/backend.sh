#!/bin/sh
# backend.sh - choosing the backend: auto takes the preload for a dynamic
# glibc program; a bad --backend is a usage error; a program that cannot
# be run exits 127 as a shell's does; when ptrace is refused (here: the
# command itself runs under strace, and a task has one tracer) the program
# runs untraced with one line saying why, and keeps its status and output.
. "$(dirname "$0")/common.sh"
"$MDTRACE" run -o "$WORK/d.mdt" /bin/true 2>"$WORK/d.err" || fail "true failed"
grep -q "(backend preload)" "$WORK/d.err" || fail "auto did not choose preload: $(cat "$WORK/d.err")"
"$MDTRACE" stats "$WORK/d.mdt" | head -1 | grep -q 'backend preload' || fail "stats: not preload"
"$MDTRACE" run --backend=strace /bin/true 2>"$WORK/bad"
[ $? = 2 ] && [ "$(wc -l <"$WORK/bad")" = 1 ] || fail "bad backend: $(cat "$WORK/bad")"
traced missing "$WORK/no-such-program"
rc=$?
[ $rc = 127 ] || fail "a missing program gave $rc"
[ "$(grep -c . "$WORK/missing.err")" = 1 ] || fail "not one line: $(cat "$WORK/missing.err")"
need_cmd strace
# (LeakSanitizer, in a sanitizer build, cannot work under a tracer)
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -f -o /dev/null "$MDTRACE" run --backend=ptrace -o "$WORK/r.mdt" -- \
	sh -c 'echo out; exit 5' >"$WORK/r.out" 2>"$WORK/r.err"
rc=$?
[ $rc = 5 ] || fail "refused: status $rc: $(cat "$WORK/r.err")"
[ "$(cat "$WORK/r.out")" = out ] || fail "refused: output $(cat "$WORK/r.out")"
[ "$(wc -l <"$WORK/r.err")" = 1 ] && grep -q "ptrace refused.*untraced" "$WORK/r.err" ||
	fail "refused: not one line saying why: $(cat "$WORK/r.err")"
[ ! -e "$WORK/r.mdt" ] || fail "refused: a trace was written"
exit 0
