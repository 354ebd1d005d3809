#!/bin/sh
# hazards_json.sh - the same report as hazards.sh, as JSON.
. "$(dirname "$0")/common.sh"
golden hazards_json hazards --json t.mdt
