#!/bin/sh
# run.sh PROG - the log compiler of the .scenario tests
# (SCENARIO_LOG_COMPILER, tests/scenarios/local.mk): the program runs under
# `mdtrace run`; then each checkpoint's table is compared with the kernel's
# maps saved at the same mark, and every verdict the program expects is
# checked with `mdtrace query` (under the policy it names, contract when it
# names none).
prog=$1
. "$(dirname "$0")/../init.sh"
mdtrace=./cli/mdtrace
mapsdiff=./tests/scenarios/mapsdiff
dir=$WORK

SCENARIO_DIR=$dir $mdtrace run -o "$dir/t.mdt" "$prog" >"$dir/out" 2>"$dir/err"
rc=$?
[ $rc = 77 ] && exit 77
if [ $rc != 0 ]; then
	echo "FAIL: $prog exited with $rc under mdtrace run"
	cat "$dir/err"
	exit 1
fi
if grep -q WARNING "$dir/err"; then
	echo "FAIL: mdtrace run warned:"
	cat "$dir/err"
	exit 1
fi
fail=0
marks=0
for m in "$dir"/*.maps; do
	[ -f "$m" ] || continue
	marks=$((marks + 1))
	label=$(basename "$m" .maps)
	if ! $mdtrace maps --at="mark:$label" --format=proc "$dir/t.mdt" >"$dir/$label.table"; then
		echo "FAIL: mdtrace maps at mark $label"
		fail=1
	elif ! $mapsdiff "$m" "$dir/$label.table"; then
		echo "FAIL: the table differs from the kernel's maps at mark $label"
		fail=1
	else
		echo "ok: maps agree at mark $label"
	fi
done
expects=0
while read -r tag verdict from at addr len policy; do
	[ "$tag" = EXPECT ] || continue
	expects=$((expects + 1))
	out=$($mdtrace query --from="mark:$from" --at="mark:$at" --policy="${policy:-contract}" \
		"$dir/t.mdt" "$addr" "$len")
	got=$(printf '%s\n' "$out" | awk 'NR == 1 { print $1 }')
	if [ "$got" = "$verdict" ]; then
		echo "ok: $verdict for $addr+$len from $from to $at (${policy:-contract})"
	else
		echo "FAIL: $addr+$len from $from to $at (${policy:-contract}): expected $verdict, got:"
		printf '%s\n' "$out"
		fail=1
	fi
done <"$dir/out"
if [ $marks = 0 ] || [ $expects = 0 ]; then
	echo "FAIL: the scenario produced $marks checkpoints and $expects expectations"
	fail=1
fi
exit $fail
