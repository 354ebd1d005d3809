#!/bin/sh
# programs.sh - real programs under `mdtrace run`: their output and exit
# status must be the same as without it, and every trace of the run (fork
# children and exec'd images included) must agree with the kernel's maps
# at exit (`mdtrace verify`).
mdtrace=./cli/mdtrace
. "$(dirname "$0")/../init.sh"
tmp=$WORK
fail=0
n=0

cat >"$tmp/hello.c" <<'C'
#include <stdio.h>
int main(void) { puts("hello"); return 3; }
C

check() { # name command...
	name=$1
	shift
	if ! command -v "$1" >/dev/null 2>&1; then
		echo "skip: $name ($1 not installed)"
		return
	fi
	n=$((n + 1))
	(cd "$tmp" && "$@") >"$tmp/plain.out" 2>&1
	plain=$?
	rm -f "$tmp"/t.mdt*
	(cd "$tmp" && "$OLDPWD/$mdtrace" run -o "$tmp/t.mdt" -- "$@") >"$tmp/traced.out" 2>"$tmp/traced.err"
	traced=$?
	if [ $plain != $traced ] || ! cmp -s "$tmp/plain.out" "$tmp/traced.out"; then
		echo "FAIL: $name: output or status changed under mdtrace ($plain vs $traced)"
		diff "$tmp/plain.out" "$tmp/traced.out" | head -10
		fail=1
	elif grep -q WARNING "$tmp/traced.err"; then
		echo "FAIL: $name: mdtrace run warned"
		cat "$tmp/traced.err"
		fail=1
	elif ! $mdtrace verify "$tmp"/t.mdt* >"$tmp/verify.out" 2>&1; then
		echo "FAIL: $name: the table differs from the kernel at exit"
		head -20 "$tmp/verify.out"
		fail=1
	else
		echo "ok: $name ($(grep -c agrees "$tmp/verify.out") traces agree with the kernel)"
	fi
}

check python3 python3 -c 'import json, zlib; print(json.dumps({"n": len(zlib.compress(bytes(1 << 20)))}))'
check perl perl -e 'my %h = map { $_ => $_ * $_ } 1 .. 50000; print scalar(keys %h), "\n"'
check git git --version
check gcc sh -c 'gcc -O2 -o hello hello.c && md5sum <hello'
check sh-pipeline sh -c 'seq 1 20000 | sort -rn | head -n 3 | tr "\n" " "; echo'
check compiled-hello sh -c './hello; echo "status $?"'
[ $n -gt 0 ] || { echo "FAIL: no program could run"; exit 1; }
exit $fail
