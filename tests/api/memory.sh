#!/bin/sh
# memory.sh - a program linked with libmdtrace and run plainly keeps its
# records in memory: no trace file appears in its directory, and the API
# answers (check_api passes) from that capture.
. "$(dirname "$0")/../init.sh"
need tests/api/check_api
prog=$PWD/tests/api/check_api
mkdir "$WORK/cwd"
(cd "$WORK/cwd" && env -u MDTRACE_OUTPUT -u LD_PRELOAD "$prog") >"$WORK/out" 2>&1 ||
	{ cat "$WORK/out"; fail "check_api run plainly"; }
grep -q 'Checks: 17, Failures: 0' "$WORK/out" || { cat "$WORK/out"; fail "not all checks ran"; }
[ -z "$(ls -A "$WORK/cwd")" ] || fail "files left: $(ls -A "$WORK/cwd")"
exit 0
