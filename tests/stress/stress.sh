#!/bin/sh
# stress.sh - fork storms, threads mapping and unmapping the same pages
# while a timer's handler maps memory, and exec chains, under `mdtrace run
# --verify` with each backend: no hang (each run has a time limit), no
# crash, every trace agreeing with the kernel at its exit.  ROUNDS rounds
# of each (make check: 100; make stress: 1000).
. "$(dirname "$0")/../init.sh"
P=$PWD/tests/stress/prog
need "$P" "$MDTRACE"
ROUNDS=${STRESS_ROUNDS:-100}
total=0
for b in preload ptrace; do
	for m in forks threads execs; do
		n=$ROUNDS
		[ $m = threads ] && n=$((ROUNDS * 100))
		rm -f "$WORK"/t.mdt*
		timeout 600 "$MDTRACE" run --backend=$b --verify -o "$WORK/t.mdt" "$P" $m $n \
			>"$WORK/out" 2>"$WORK/err"
		rc=$?
		[ $rc = 124 ] && fail "$b $m: hung (600 s)"
		[ $rc = 0 ] || fail "$b $m: status $rc: $(grep -v agrees "$WORK/err" | head -5)"
		k=$(grep -c "agrees with the kernel" "$WORK/err")
		case $m in
		forks) want=$((ROUNDS + 1)) ;;
		threads) want=1 ;;
		execs) want=1 ;; # the last image; the others were replaced
		esac
		[ "$k" = $want ] || fail "$b $m: $k traces agree, not $want: $(grep -v agrees "$WORK/err" | head -5)"
		echo "ok: $b $m: $n rounds, $(ls "$WORK"/t.mdt* | wc -l) traces, $k agree at exit"
		total=$((total + 1))
	done
done
[ $total = 6 ] || fail "only $total of 6 runs"
exit 0
