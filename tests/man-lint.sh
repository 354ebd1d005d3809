#!/bin/sh
# man-lint.sh - every manual page must be clean under `mandoc -Tlint -W
# warning`: any warning or error fails the test.  Skipped (77) only when
# mandoc is not installed.  Pages are found next to this script
# ($srcdir/man), so it works from a VPATH build and from `make distcheck`.
. "$(dirname "$0")/init.sh"
need_cmd mandoc
dir=$(dirname "$0")/../man
status=0
count=0
for page in "$dir"/*.[1-9]; do
	[ -f "$page" ] || continue
	count=$((count + 1))
	out=$(mandoc -Tlint -W warning "$page" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] || [ -n "$out" ]; then
		printf 'FAIL: %s (mandoc exit %d)\n%s\n' "$page" "$rc" "$out"
		status=1
	else
		echo "ok: $page"
	fi
done
if [ $count -eq 0 ]; then
	echo "FAIL: no manual pages found in $dir"
	exit 1
fi
exit $status
