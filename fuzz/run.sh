#!/bin/sh
# run.sh - make fuzz: run each libFuzzer target for SECONDS, from its
# corpus (fuzz/corpus/NAME in the build directory, kept between runs) and
# the seeds (fuzz/seeds.sh, made first when missing) and the regression
# corpus (fuzz/regress/NAME, all run first), and print each one's
# executions per second and in all.  A crash, sanitizer report, failed
# property, timeout (10 s) or leak leaves its input as
# fuzz/crashes/NAME-*; add it to fuzz/regress/NAME/ with the fix.
# usage: run.sh SECONDS TARGET...
secs=$1
shift
[ -d fuzz/seeds ] || $SHELL "$(dirname "$0")/seeds.sh" >/dev/null || {
	echo "run.sh: cannot make the seed corpus (fuzz/seeds.sh)" >&2
	exit 1
}
unset DEBUGINFOD_URLS
mkdir -p fuzz/crashes
status=0
for t in "$@"; do
	mkdir -p "fuzz/corpus/$t"
	log=fuzz/fuzz_$t.log
	start=$(date +%s)
	regress=$(dirname "$0")/regress/$t
	[ -d "$regress" ] || regress=
	./fuzz/fuzz_$t -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="fuzz/crashes/$t-" "fuzz/corpus/$t" "fuzz/seeds/$t" $regress >"$log" 2>&1
	rc=$?
	took=$(($(date +%s) - start))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	echo "fuzz: $t: ${runs:-?} executions, ${rate:-?}/s in $took s, $cov, corpus $(ls "fuzz/corpus/$t" | wc -l) inputs"
	if [ $rc -ne 0 ]; then
		echo "fuzz: $t: FAILED (exit $rc): $(grep -m1 -E 'ERROR|runtime error|fuzz:' "$log")"
		ls fuzz/crashes/$t-* 2>/dev/null | sed 's/^/fuzz:   input /'
		status=1
	fi
done
exit $status
