#!/bin/sh
# shrink.sh - a trace cut shorter while a command reads it through its
# mapping (its owner may do that to root's verify --pid) gives one error
# line and status 1, never SIGBUS (mdtrace-trace(5), READING).
. "$(dirname "$0")/common.sh"
need_cmd truncate
record big 3000
size=$(wc -c <"$WORK/big.mdt")
cut=$(($size / 3))

# events writes far more than a pipe holds: it waits on the full pipe with
# most of the trace unread while the file is cut, then goes on.  Cut at a
# page boundary, reading on is SIGBUS; within a page, the rest of the page
# reads as zeros.
for at in $(($cut / 4096 * 4096)) $(($cut / 4096 * 4096 + 1000)); do
	cp "$WORK/big.mdt" "$WORK/s.mdt"
	{ "$MDTRACE" events "$WORK/s.mdt" 2>"$WORK/e"; echo $? >"$WORK/rc"; } |
		{ head -c 1 >/dev/null; truncate -s $at "$WORK/s.mdt"; cat >/dev/null; }
	one_line 1 "s\.mdt: the trace was cut shorter while being read"
	echo "ok: events, cut at $at: $(cat "$WORK/e")"
done

# hazards, stats: cut while the command runs, caught with SIGSTOP once it
# has the trace mapped (a try where it finished first proves nothing)
for cmd in hazards stats; do
	caught=0 try=0
	while [ $caught -eq 0 ] && [ $try -lt 20 ]; do
		try=$((try + 1))
		cp "$WORK/big.mdt" "$WORK/s.mdt"
		"$MDTRACE" $cmd "$WORK/s.mdt" >/dev/null 2>"$WORK/e" &
		pid=$!
		while kill -0 $pid 2>/dev/null && ! grep -q 's\.mdt' /proc/$pid/maps 2>/dev/null; do :; done
		kill -STOP $pid 2>/dev/null && stopped=1 || stopped=0
		truncate -s $cut "$WORK/s.mdt"
		kill -CONT $pid 2>/dev/null
		wait $pid
		echo $? >"$WORK/rc"
		[ "$(cat "$WORK/rc")" -lt 128 ] || fail "$cmd died of signal $(($(cat "$WORK/rc") - 128))"
		[ $stopped -eq 1 ] && [ "$(cat "$WORK/rc")" -ne 0 ] && caught=1
	done
	[ $caught -eq 1 ] || fail "$cmd: never caught reading in $try tries"
	one_line 1 "s\.mdt: the trace was cut shorter while being read"
	echo "ok: $cmd (try $try): $(cat "$WORK/e")"
done
