#!/bin/sh
# blocked.sh - a program that blocks every signal (sigprocmask and a raw
# rt_sigprocmask) in every thread is not killed by the dispatch SIGSYS,
# reads SIGSYS back as blocked, and its inline calls are recorded.
. "$(dirname "$0")/common.sh"
both blocked
grep -q "SIGSYS blocked as asked: 1" "$WORK/pre" || fail "SIGSYS does not read back as blocked"
recorded "$WORK/t.mdt" main
recorded "$WORK/t.mdt" thread
agrees "$WORK/t.mdt"
exit 0
