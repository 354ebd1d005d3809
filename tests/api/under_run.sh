#!/bin/sh
# under_run.sh - the API's Check suite (check_api.c) under `mdtrace run`:
# the answers come from the preloaded capture, which the library finds as
# its own dependency (one copy), and the traces it writes (one per forked
# test) agree with the kernel (--verify), the API's own memory included.
. "$(dirname "$0")/../init.sh"
need "$MDTRACE" "$PRELOAD" tests/api/check_api
"$MDTRACE" run --verify -o "$WORK/t.mdt" -- tests/api/check_api >"$WORK/out" 2>&1 ||
	{ cat "$WORK/out"; fail "check_api under mdtrace run"; }
grep -q '100%: Checks: 17, Failures: 0, Errors: 0' "$WORK/out" || { cat "$WORK/out"; fail "not all checks ran"; }
grep -q 'backend preload' "$WORK/out" || fail "not the preload backend"
ls "$WORK"/t.mdt* | wc -l | awk '{ exit $1 < 14 }' || fail "one trace per forked test expected"
exit 0
