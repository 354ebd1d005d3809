# live.sh - sourced by the frames_*.sh tests (run from the build
# directory): start tests/golden/twice under `mdtrace run`, kept alive
# until its input closes, and run `mdtrace verify --pid` on it.
. "$(dirname "$0")/../init.sh"
TWICE=$PWD/tests/golden/twice
need "$MDTRACE" "$TWICE"
RUN=
on_exit() {
	exec 3>&- # twice's input closes: it exits
	[ -n "$RUN" ] && wait "$RUN"
}

# start [alias]: run twice; sets PID and WORDS (what it printed: "ready PID
# A B P [S Q]").
start() {
	mkfifo "$WORK/in" || fail "mkfifo"
	"$MDTRACE" run -o "$WORK/t.mdt" "$TWICE" "$@" <"$WORK/in" >"$WORK/out" 2>"$WORK/run.err" &
	RUN=$!
	exec 3>"$WORK/in"
	for _i in $(seq 100); do
		grep -q '^ready .*$' "$WORK/out" 2>/dev/null && break
		grep -q '^no raw' "$WORK/out" 2>/dev/null && break
		sleep 0.1
	done
	grep -q '^no raw' "$WORK/out" && { echo "SKIP: no raw system call on this architecture"; exit 77; }
	WORDS=$(grep '^ready ' "$WORK/out") || fail "twice did not start: $(cat "$WORK/run.err")"
	PID=$(echo "$WORDS" | awk '{ print $2 }')
}

# verify [PREFIX...]: `PREFIX mdtrace verify --pid=$PID`, output in $WORK/v,
# status in RC.
verify() {
	"$@" "$MDTRACE" verify --pid="$PID" >"$WORK/v" 2>"$WORK/v.err"
	RC=$?
}

# hidden: exit 77 unless frame numbers are readable here.
need_frames() {
	if grep -q 'frames: not readable' "$WORK/v"; then
		echo "SKIP: frame numbers are hidden here (needs CAP_SYS_ADMIN)"
		exit 77
	fi
}
