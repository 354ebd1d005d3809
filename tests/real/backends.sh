#!/bin/sh
# backends.sh - real programs under each backend of `mdtrace run` named in
# REAL_BACKENDS (default "preload ptrace"), with strace as the truth.
#
# Programs: python3 importing extension modules (json, decimal, sqlite3,
# ctypes) and calling libc's iconv_open through ctypes (glibc maps a gconv
# module: python's own codecs never use iconv); `git log` in a generated
# repository with i18n.logOutputEncoding=ISO-8859-1 (git calls iconv, and
# ld.so maps the gconv module from inside libc); `make -j2` of a generated
# project of a few C files (make, sh, gcc, cc1, as, ld: fork and exec);
# `java -version`; `node -e`.  ./build.sh installs every one of them: a
# missing program fails the test, it never skips it.
#
# For each program and backend:
#  1. output (stdout, and stderr less mdtrace's own "mdtrace:" lines) and
#     exit status are those of a plain run;
#  2. `mdtrace run` printed no WARNING, and `mdtrace verify` of every trace
#     of the run passes (no differing range or frame);
#  3. strace agrees with the traces (stracecmp.py beside this script does
#     the comparing):
#     preload: strace runs outside `mdtrace run` (strace -f sees every call
#       of every process).  Every successful mmap, munmap, mremap, mprotect,
#       pkey_mprotect, madvise, brk, shmat and shmdt that strace logged in a
#       traced process image must be a record of that image's trace (same
#       thread, call, arguments and result; mdtrace's own calls too, they
#       are made in the process and recorded with [mdtrace]), from the
#       image's first record on: before it the loader maps the program and
#       its libraries, and a fork child sets up its own trace, before the
#       library records anything; the seed record holds what they did.
#       brk(NULL) is left out on both sides: it changes nothing, and the
#       brk hook makes one itself to record the old break.  Calls strace
#       logs (with -ttt) after the image's END record are left out too: a
#       thread may still map while the process exits, after the library
#       wrote its last record (mdtrace-preload(7), PROCESSES).  Exact, for
#       every program: a call missing from the traces fails the test, and
#       so does a record of a call strace did not see succeed.
#     ptrace: strace cannot trace a traced process (one tracer per
#       process), so it runs the plain program, and `mdtrace run
#       --backend=ptrace` runs it again, both with ASLR off (setarch -R):
#       the per-call-type counts of successful calls after execve must be
#       equal for the deterministic programs (git, make, python3 with
#       PYTHONHASHSEED=0, except python3's brk: under load one run in a
#       few moves its heap by a page and so its brk count, plain under
#       strace too, so brk is printed there, not required); for java and
#       node, whose JIT and GC threads
#       differ from run to run, they are printed, not required (their
#       verify must still pass).  Measured on the README's machine: three
#       plain runs of each of git, make and python3 under strace without
#       ASLR gave the same counts, while java's madvise and node's munmap
#       counts moved by one.  strace's side counts every call from each
#       process's execve on, the loader's included (ptrace sees a process
#       from its execve); the trace's side every call record not marked
#       [mdtrace].
#     Either way strace runs as `strace -ff -X raw -e trace=%memory,shmat,
#     shmdt,%process`: one log per thread (no calls split by another
#     thread's), arguments as numbers, and the fork, clone and execve calls
#     that say which process image each call belongs to.
#  4. for python3 and git, the trace's table at exit holds a gconv module
#     (what the test is about: glibc's iconv loading one from inside libc).
# The counts are printed per program and backend.
. "$(dirname "$0")/../init.sh"
need "$MDTRACE"
# mdtrace itself runs under strace here, where LeakSanitizer (in a
# sanitizer build) cannot work
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
REAL_BACKENDS=${REAL_BACKENDS:-preload ptrace}
REAL_PROGRAMS=${REAL_PROGRAMS:-python3 git make java node} # fewer, to look into one
fail=0
checked=0

# Not a tool build.sh installs, or this kernel forbids ptrace: truly lacking.
need_cmd setarch
command -v strace >/dev/null 2>&1 || fail "no strace (./build.sh check installs it)"
strace -qq -o /dev/null true 2>/dev/null || {
	echo "SKIP: strace cannot trace here (ptrace not permitted)"
	exit 77
}
PYTHON=/usr/bin/python3
[ -x $PYTHON ] || PYTHON=$(command -v python3) || fail "no python3 (./build.sh check installs it)"
for c in git make gcc java node; do
	command -v $c >/dev/null 2>&1 || fail "no $c (./build.sh check installs it)"
done
STRACE_CALLS=%memory,shmat,shmdt,%process

# backend_opt B: the option that asks for backend B.
backend_opt() {
	echo "--backend=$1"
}

# The programs' inputs.
mkdir "$WORK/git" "$WORK/proj" "$WORK/home"
export HOME=$WORK/home GIT_CONFIG_NOSYSTEM=1 GIT_PAGER=cat PAGER=cat PYTHONHASHSEED=0 LC_ALL=C.UTF-8
(
	cd "$WORK/git" && git init -q && git config user.name "Zoë Test" &&
		git config user.email z@example.org &&
		for i in 1 2 3; do
			echo "$i" >"f$i" && git add "f$i" &&
				GIT_AUTHOR_DATE="2026-01-0$i 12:00" GIT_COMMITTER_DATE="2026-01-0$i 12:00" \
					git commit -q -m "café crème $i: naïve façade"
		done && git config i18n.logOutputEncoding ISO-8859-1
) || fail "cannot make the git repository"
for i in 1 2 3 4; do
	echo "int f$i(int x) { return x * $i + $i; }" >"$WORK/proj/f$i.c"
done
cat >"$WORK/proj/main.c" <<'C'
#include <stdio.h>
int f1(int), f2(int), f3(int), f4(int);
int main(void) { printf("%d\n", f1(1) + f2(2) + f3(3) + f4(4)); return 0; }
C
printf 'all: prog\n\t./prog\nprog: main.o f1.o f2.o f3.o f4.o\n\t$(CC) -o $@ $^\n' >"$WORK/proj/Makefile"

PY='import json, decimal, sqlite3, ctypes, codecs
libc = ctypes.CDLL("libc.so.6")
libc.iconv_open.restype = ctypes.c_void_p
libc.iconv_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
cd = libc.iconv_open(b"CP1252", b"UTF-8")
if cd in (None, 2**64 - 1):
    raise SystemExit("iconv_open failed")
libc.iconv_close(ctypes.c_void_p(cd))
db = sqlite3.connect(":memory:")
db.execute("create table t(x)")
db.executemany("insert into t values (?)", [(i,) for i in range(2000)])
print(json.dumps({"sum": db.execute("select sum(x) from t").fetchone()[0],
                  "seventh": str(decimal.Decimal(1) / 7),
                  "cp1252": codecs.encode("café", "cp1252").hex()}))'
NODE='const z = require("zlib"); let s = 0; for (let i = 0; i < 100000; i++) s += i;
console.log(s, z.gzipSync(Buffer.alloc(1 << 20)).length, new Intl.NumberFormat("en-US").format(1234.5));'

# run DIR OUT COMMAND...: COMMAND in DIR; its output in OUT.out and OUT.err,
# its status in OUT.rc
run() {
	_d=$1 _o=$2
	shift 2
	(cd "$_d" && "$@") >"$_o.out" 2>"$_o.err"
	echo $? >"$_o.rc"
}

# same NAME A B: A's output and status are B's (B's stderr less mdtrace's lines)
same() {
	grep -v '^mdtrace: ' "$3.err" >"$3.perr"
	if ! cmp -s "$2.rc" "$3.rc" || ! cmp -s "$2.out" "$3.out" || ! cmp -s "$2.err" "$3.perr"; then
		echo "FAIL: $1: output or status changed (status $(cat "$2.rc") vs $(cat "$3.rc"))"
		diff "$2.out" "$3.out" | head -5
		diff "$2.err" "$3.perr" | head -5
		return 1
	fi
}

# traces_ok NAME OUT: no WARNING in OUT.err (the run that wrote OUT.mdt), and
# every trace OUT.mdt* verifies; writes each one's events --json beside it
traces_ok() {
	if grep WARNING "$2.err"; then
		echo "FAIL: $1: mdtrace run warned"
		return 1
	fi
	set -- "$1" $(ls "$2.mdt" "$2.mdt".[0-9]* 2>/dev/null | grep -v '\.json$')
	[ $# -gt 1 ] || { echo "FAIL: $1: no trace written"; return 1; }
	_n=$1
	shift
	if ! "$MDTRACE" verify "$@" >"$WORK/verify.out" 2>&1; then
		echo "FAIL: $_n: a table differs from the kernel"
		grep -v 'agrees\|no snapshot' "$WORK/verify.out" | head -20
		return 1
	fi
	for _t; do
		"$MDTRACE" events --json "$_t" >"$_t.json" || { echo "FAIL: $_n: events --json $_t"; return 1; }
	done
	echo "$_n: $# traces verify"
}

# check NAME DETERMINISTIC DIR COMMAND...
check() {
	name=$1 det=$2 dir=$3 loose=
	shift 3
	case $det in yes,*) loose=${det#yes,} det=yes ;; esac
	case " $REAL_PROGRAMS " in *" $name "*) ;; *) return ;; esac
	checked=$((checked + 1))
	run "$dir" "$WORK/plain" "$@"
	for b in $REAL_BACKENDS; do
		o=$(backend_opt $b) || { echo "FAIL: $name $b: mdtrace run has no --backend=$b"; fail=1; continue; }
		t=$WORK/$b
		rm -f "$t".*
		run "$dir" "$t" "$MDTRACE" run $o -o "$t.mdt" -- "$@"
		same "$name $b" "$WORK/plain" "$t" && traces_ok "$name $b" "$t" || { fail=1; continue; }
		case $name in
		python3 | git)
			"$MDTRACE" maps --format=proc "$t.mdt" | grep -q '/gconv/[^/]*\.so$' || {
				echo "FAIL: $name $b: no gconv module in the trace's table at exit"
				fail=1
			}
			;;
		esac
		case $b in
		preload)
			rm -rf "$WORK/log" "$t".*
			mkdir "$WORK/log"
			run "$dir" "$t" strace -ff -ttt -qq -X raw -o "$WORK/log/s" -e trace=$STRACE_CALLS \
				"$MDTRACE" run $o -o "$t.mdt" -- "$@"
			same "$name $b under strace" "$WORK/plain" "$t" && traces_ok "$name $b under strace" "$t" ||
				{ fail=1; continue; }
			printf '%s %s: ' "$name" $b
			$PYTHON "$SRC/stracecmp.py" match "$WORK/log/s" $(ls "$t".mdt* | grep -v '\.json$') || {
				echo "FAIL: $name $b: the traces and strace disagree"
				fail=1
			}
			;;
		*)
			rm -rf "$WORK/log" "$t".*
			mkdir "$WORK/log"
			run "$dir" "$WORK/sp" setarch -R strace -ff -qq -X raw -o "$WORK/log/s" -e trace=$STRACE_CALLS "$@"
			run "$dir" "$t" setarch -R "$MDTRACE" run $o -o "$t.mdt" -- "$@"
			same "$name $b without ASLR" "$WORK/plain" "$t" && traces_ok "$name $b without ASLR" "$t" ||
				{ fail=1; continue; }
			printf '%s %s: ' "$name" $b
			if ! LOOSE=$loose $PYTHON "$SRC/stracecmp.py" counts "$WORK/log/s" $(ls "$t".mdt* | grep -v '\.json$'); then
				if [ $det = yes ]; then
					echo "FAIL: $name $b: the counts differ from strace's"
					fail=1
				else
					echo "($name is not deterministic: the counts are not required to agree)"
				fi
			fi
			;;
		esac
	done
}

check python3 yes,brk "$WORK" $PYTHON -c "$PY"
check git yes "$WORK/git" git log
check make yes "$WORK/proj" make -s -B -j2
check java no "$WORK" java -version
check node no "$WORK" node -e "$NODE"
[ $checked -gt 0 ] || fail "REAL_PROGRAMS names none of the programs"
exit $fail
