#!/bin/sh
# siblings.sh - the run summary counts only the sibling traces mdtrace
# wrote: not symbolic links, FIFOs or other files planted at sibling
# names, nor traces that are someone else's or from an earlier run
# (mdtrace(1), run).
. "$(dirname "$0")/common.sh"
need_cmd python3
record old
D=$WORK/d
mkdir "$D" || fail "mkdir"
future=$(($(date +%s) + 3600))
i=100
while [ $i -lt 130 ]; do
	ln -s /etc/passwd "$D/t.mdt.$i" || fail "ln"
	touch -h -d "@$future" "$D/t.mdt.$i"
	i=$((i + 1))
done
ln -s "$WORK/old.mdt" "$D/t.mdt.200.1"
mkfifo "$D/t.mdt.201"
echo junk >"$D/t.mdt.202"
# started TRACE SECONDS: the header's start time (start_realtime_ns)
started() {
	python3 -c 'import struct, sys; f = open(sys.argv[1], "r+b"); f.seek(64); f.write(struct.pack("<Q", int(sys.argv[2]) * 10**9))' \
		"$1" "$2" || fail "cannot set the start time of $1"
}
# a trace, but of an earlier run (an hour ago: old.mdt may be of this second)
cp "$WORK/old.mdt" "$D/t.mdt.203"
started "$D/t.mdt.203" $(($(date +%s) - 3600))
if [ "$(id -u)" -eq 0 ]; then # a trace that looks fresh, but is not ours
	cp "$WORK/old.mdt" "$D/t.mdt.204"
	started "$D/t.mdt.204" "$future"
	chown 65534 "$D/t.mdt.204"
fi
touch -d "@$future" "$D/t.mdt.202" "$D/t.mdt.203"
bounded "$MDTRACE" run -o "$D/t.mdt" "$PROG" 3
[ "$(cat "$WORK/rc")" -eq 0 ] || fail "run: exit $(cat "$WORK/rc"): $(cat "$WORK/e")"
grep -q "^mdtrace: .* 1 trace file (backend preload): $D/t.mdt\$" "$WORK/e" || fail "run counted planted files: $(cat "$WORK/e")"
echo "ok: $(tail -1 "$WORK/e")"

# and a fork child's trace, which mdtrace did write, is counted
need "$PWD/tests/writer/prog"
bounded "$MDTRACE" run -o "$D/f.mdt" "$PWD/tests/writer/prog" fork
grep -q "^mdtrace: .* 2 trace files (backend preload): $D/f.mdt (+ siblings" "$WORK/e" || fail "run of a fork: $(cat "$WORK/e")"
echo "ok: $(grep 'trace files' "$WORK/e")"
