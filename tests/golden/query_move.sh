#!/bin/sh
# query_move.sh - the whole 16 KiB block after its third page was moved away
# by mremap: null, naming that page and the mremap (the first page, only
# rebuilt, does not decide).
. "$(dirname "$0")/common.sh"
golden query_move query --from=mark:captured --at=mark:end t.mdt 0x7e0000000000 16k
