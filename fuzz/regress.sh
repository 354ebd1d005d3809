#!/bin/sh
# regress.sh - every saved input through its fuzz target, without
# libFuzzer (fuzz/run_NAME): the regression corpus fuzz/regress/NAME/
# (inputs that once crashed a fuzzer, or made a sanitizer report; kept
# forever) and the seed corpus fuzz/seeds.sh made.  Under the sanitizer
# build a report fails the test, as does any failed property anywhere.
. "$(dirname "$0")/../tests/init.sh"
status=0
for t in trace index maps token elf; do
	need "$PWD/fuzz/run_$t"
	n=0
	for f in "$SRC/regress/$t"/* "$PWD/fuzz/seeds/$t"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		"$PWD/fuzz/run_$t" "$f" >"$WORK/out" 2>&1 || {
			echo "FAIL: $t: $f: $(tail -5 "$WORK/out")"
			status=1
		}
		grep -q 'runtime error\|Sanitizer' "$WORK/out" && {
			echo "FAIL: $t: $f: $(grep -m3 'runtime error\|Sanitizer' "$WORK/out")"
			status=1
		}
	done
	echo "$t: $n inputs"
done
exit $status
