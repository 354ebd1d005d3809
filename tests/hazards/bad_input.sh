#!/bin/sh
# Bad input: one line on stderr, nothing on stdout, exit 1 for a trace that
# cannot be read, 2 for a wrong command line; --help on stdout, exit 0.
. "$(dirname "$0")/common.sh"
printf 'MDTRACE1 but nothing a trace needs\n' >"$WORK/corrupt"
head -c 8192 /dev/urandom >"$WORK/random"
expect() { # code what args...
	code=$1
	what=$2
	shift 2
	"$MDTRACE" "$@" >"$WORK/o" 2>"$WORK/e"
	rc=$?
	[ $rc = "$code" ] || fail "$what: exit $rc, expected $code"
	[ "$(wc -l <"$WORK/e")" = 1 ] || fail "$what: stderr is not one line: $(cat "$WORK/e")"
	[ ! -s "$WORK/o" ] || fail "$what: printed on stdout"
	echo "ok: $what: $(cat "$WORK/e")"
}
for cmd in hazards stats; do
	expect 1 "$cmd missing file" $cmd "$WORK/none.mdt"
	expect 1 "$cmd corrupt header" $cmd "$WORK/corrupt"
	expect 1 "$cmd random bytes" $cmd --json "$WORK/random"
	expect 1 "$cmd directory" $cmd "$WORK"
	expect 2 "$cmd no trace" $cmd
	expect 2 "$cmd two traces" $cmd "$WORK/a" "$WORK/b"
	expect 2 "$cmd bad option" $cmd --bogus "$WORK/a"
	"$MDTRACE" $cmd --help >"$WORK/o" 2>"$WORK/e" || fail "$cmd --help failed"
	grep -q "^usage: mdtrace $cmd" "$WORK/o" || fail "$cmd --help: no usage on stdout"
done
