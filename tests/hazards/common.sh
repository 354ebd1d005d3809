# common.sh - sourced by tests/hazards/*.sh, which `make check` runs from
# the build directory.
. "$(dirname "$0")/../init.sh"
H=$PWD/tests/hazards
need "$MDTRACE"
need_cmd python3

# trace PROG [NAME [ARG...]]: run tests/hazards/PROG under `mdtrace run`;
# its stdout goes to $WORK/NAME.out, the summary to $WORK/NAME.err, the
# trace to $WORK/NAME.mdt (NAME defaults to PROG).
trace() {
	_p=$1
	_n=${2:-$1}
	[ $# -ge 2 ] && shift
	shift
	"$MDTRACE" run -o "$WORK/$_n.mdt" "$H/$_p" "$@" >"$WORK/$_n.out" 2>"$WORK/$_n.err" ||
		fail "$_p failed under mdtrace run: $(cat "$WORK/$_n.err")"
}

# json CMD PROG: `mdtrace CMD --json` of PROG's trace into $WORK/PROG.CMD.json.
json() {
	"$MDTRACE" "$1" --json "$WORK/$2.mdt" >"$WORK/$2.$1.json" || fail "mdtrace $1 --json failed"
}

# py FILE EXPR: print the Python expression EXPR with d = the JSON in FILE
py() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$1" "$2" || fail "cannot evaluate $2 on $1"
}

# out PROG TAG FIELD: field FIELD (1-based after the tag) of the first line
# PROG printed that starts with TAG.
out() {
	awk -v t="$2" -v f="$3" '$1 == t { print $(f + 1); exit }' "$WORK/$1.out"
}

check() { # what got expected
	[ "$2" = "$3" ] || fail "$1: expected $3, got $2"
	echo "ok: $1 = $3"
}
