#!/bin/sh
# stats per thread: the second thread's madvise calls are counted for it,
# none for the main thread.
. "$(dirname "$0")/common.sh"
trace callcount
json stats callcount
s=$WORK/callcount.stats.json
want=$(out callcount THREAD 2)
check "threads with madvise" "$(py "$s" '[t["calls"].get("madvise", 0) for t in d["threads"] if t["calls"].get("madvise", 0)]')" "[$want]"
check "main thread first" "$(py "$s" 'd["threads"][0]["calls"].get("madvise", 0)')" 0
check "events add up" "$(py "$s" 'sum(t["events"] for t in d["threads"]) == d["events"]')" True
