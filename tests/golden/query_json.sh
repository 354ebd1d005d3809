#!/bin/sh
# query_json.sh - query --json for the ABA page and for the page whose
# access is taken away (the first range decides: null, protection).
. "$(dirname "$0")/common.sh"
golden query_json_aba query --json --from=mark:captured --at=mark:end t.mdt 0x7e0000000000 4096
golden query_json_prot query --json --from=mark:captured --at=mark:away t.mdt 0x7e0000001000 4096 0x7e0000000000 4096
