#!/bin/sh
# events_json.sh - the event log of events.sh as JSON: raw arguments, the
# raw result and errno of the failed calls, the marks.
. "$(dirname "$0")/common.sh"
golden events_json events --json --from=mark:begin --at=mark:end t.mdt
