#!/bin/sh
# --json prints one well-formed JSON document with the documented fields.
. "$(dirname "$0")/common.sh"
trace hzprog
json hazards hzprog
json stats hzprog
j=$WORK/hzprog.hazards.json
check "hazards keys" "$(py "$j" 'sorted(d)')" \
	"['aba', 'aba_count', 'access', 'access_count', 'events', 'trace']"
check "group keys" "$(py "$j" 'sorted(d["aba"][0])')" \
	"['bytes', 'count', 'given_back', 'range', 'reason', 'same_call', 'taken_again', 'unseen', 'verdict', 'verdicts']"
check "access keys" "$(py "$j" 'sorted(d["access"][0])')" \
	"['access_removed', 'bytes', 'count', 'mapped', 'range', 'reason', 'same_call', 'unseen', 'verdict', 'verdicts']"
check "event keys" "$(py "$j" 'sorted(d["aba"][0]["given_back"])')" "['call', 'seq', 'stack', 'tid']"
s=$WORK/hzprog.stats.json
check "stats keys" "$(py "$s" 'sorted(d)')" \
	"['backend', 'calls', 'duration_ns', 'events', 'hook_time', 'hook_time_ns', 'mapped_over_time', 'peak_mapped', 'peak_pieces', 'threads', 'trace']"
check "one document" "$(python3 -c 'import json,sys; json.loads(open(sys.argv[1]).read()); print(1)' "$j")" 1
