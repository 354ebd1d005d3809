#!/bin/sh
# startup.sh - the trace of a process killed during start-up (cut at the
# end of the header, or after its seed record, before any module record)
# is read, and its index made, without undefined behaviour: an index with
# no module offsets or no saved table has parts that are empty (run under
# the sanitizer build, ./build.sh sanitize, this is what it checks).
. "$(dirname "$0")/common.sh"
need_cmd python3
record t
# the header's end, and the end of the first record
set -- $(python3 -c '
import struct, sys
b = open(sys.argv[1], "rb").read()
hs = struct.unpack_from("<I", b, 12)[0]
print(hs, hs + struct.unpack_from("<I", b, hs)[0])' "$WORK/t.mdt")
for cut in "$@"; do
	head -c "$cut" "$WORK/t.mdt" >"$WORK/r.mdt"
	rm -f "$WORK/.r.mdt.idx"
	for args in "query $WORK/r.mdt 0x1000 4k" "maps --at=1 $WORK/r.mdt" "events $WORK/r.mdt" \
		"hazards $WORK/r.mdt" "stats $WORK/r.mdt" "verify $WORK/r.mdt"; do
		bounded "$MDTRACE" $args
		rc=$(cat "$WORK/rc")
		[ "$rc" -le 1 ] || fail "mdtrace $args: exit $rc: $(cat "$WORK/e")"
		grep -q -i 'runtime error\|sanitizer' "$WORK/e" && fail "mdtrace $args: $(cat "$WORK/e")"
	done
	[ -f "$WORK/.r.mdt.idx" ] || fail "no index made for the trace cut at $cut"
done
echo "ok: traces cut at $* read and indexed"
