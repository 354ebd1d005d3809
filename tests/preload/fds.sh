#!/bin/sh
# fds.sh - a program that closes, or dup2s over, every descriptor above 2
# keeps its files and its output as without mdtrace, and the trace loses
# nothing: the library's descriptors (the trace, /proc/self/maps,
# libunwind's pipe) are out of its way (mdtrace-preload(7), DESCRIPTORS);
# a dup2 over libunwind's pipe stops the stacks, saying so.
# Each mode of tests/preload/fds, and python3's os.closerange.
. "$(dirname "$0")/../init.sh"
P=$PWD/tests/preload/fds
need "$P" "$MDTRACE"

# run NAME CMD...: CMD DIR plain (its files in DIR=$WORK/NAME.plain) and
# traced (DIR=$WORK/NAME.traced, trace $WORK/NAME.mdt*): the same output,
# status and files; every trace complete and agreeing with the kernel.
run() {
	_n=$1
	shift
	mkdir "$WORK/$_n.plain" "$WORK/$_n.traced"
	"$@" "$WORK/$_n.plain" >"$WORK/$_n.out1" 2>"$WORK/$_n.err1"
	_a=$?
	"$MDTRACE" run -o "$WORK/$_n.mdt" ${RUNOPT:-} "$@" "$WORK/$_n.traced" >"$WORK/$_n.out2" 2>"$WORK/$_n.err"
	_b=$?
	[ $_a = $_b ] || fail "$_n: status $_a plain, $_b traced: $(cat "$WORK/$_n.err")"
	diff -u "$WORK/$_n.out1" "$WORK/$_n.out2" || fail "$_n: output differs"
	grep -v '^mdtrace:' "$WORK/$_n.err" | diff -u "$WORK/$_n.err1" - || fail "$_n: stderr differs"
	diff -r "$WORK/$_n.plain" "$WORK/$_n.traced" || fail "$_n: the program's files differ"
	! grep -e WARNING -e warning -e 'ends early' "$WORK/$_n.err" | grep -v -e "${ALLOW:-^$}" ||
		fail "$_n: mdtrace warned"
	"$MDTRACE" verify "$WORK/$_n".mdt* >"$WORK/$_n.verify" 2>&1 ||
		fail "$_n: $(cat "$WORK/$_n.verify")"
	! grep -q "did not exit normally" "$WORK/$_n.verify" || fail "$_n: $(cat "$WORK/$_n.verify")"
}

# every mmap/munmap pair of work() is in the trace
complete() {
	_k=$("$MDTRACE" stats --json "$WORK/$1.mdt" | python3 -c \
		'import json, sys; print(json.load(sys.stdin)["calls"]["munmap"]["calls"])')
	[ "$_k" -ge 3000 ] || fail "$1: $_k munmap records, not the 3000 made"
}

for m in range raw closefrom each dup2; do
	RUNOPT=--stacks=0 run $m "$P" $m
	complete $m
done
# With stacks libunwind holds a pipe, at a number it keeps: a dup2 onto
# it (ours sit at 896 and up under a limit above 1024) stops the stacks,
# with the documented blind record and nothing else lost.
ALLOW="libunwind's descriptor\|the trace is incomplete" run dup2s "$P" dup2
complete dup2s
if grep -q WARNING "$WORK/dup2s.err"; then
	grep -q "took over libunwind's descriptor" "$WORK/dup2s.err" || fail "dup2s: $(cat "$WORK/dup2s.err")"
fi
# (each: the count of successful closes is the plain run's: ours say EBADF)
run exec "$P" exec
[ "$(ls "$WORK"/exec.mdt* | wc -l)" -ge 2 ] || fail "exec: the exec'd shell has no trace"
run python3 python3 -c 'import os, sys
os.closerange(3, 1024)
fs = [open(os.path.join(sys.argv[1], "p%d" % i), "w") for i in range(5)]
print("python closerange, then fds", [f.fileno() for f in fs])
for i, f in enumerate(fs):
    f.write("file %d fd %d\n" % (i, f.fileno()))
    f.close()'
exit 0
