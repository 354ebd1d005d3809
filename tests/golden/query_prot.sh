#!/bin/sh
# query_prot.sh - prog's second page while its access is taken away (null,
# protection, decided by the mprotect) and after it is given back (reused:
# mprotect never changes the backing).
. "$(dirname "$0")/common.sh"
golden query_prot_away query --from=mark:captured --at=mark:away t.mdt 0x7e0000001000 4096
golden query_prot_back query --from=mark:captured --at=mark:end t.mdt 0x7e0000001000 4096
