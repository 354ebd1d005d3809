#!/bin/sh
# events.sh - the whole event log between prog's first and last marks:
# every call with its arguments, flags and result or errno as strace writes
# them, the marks, and each stack at its line in prog.c.
. "$(dirname "$0")/common.sh"
golden events events --from=mark:begin --at=mark:end t.mdt
