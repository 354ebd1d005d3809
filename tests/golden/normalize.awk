# normalize.awk - make `mdtrace events|hazards|query` output of a trace of
# tests/golden/prog comparable from run to run (POSIX awk):
#   - event numbers become relative to the program's first mark (what libc
#     start-up records before it varies): "m+K" (K may be negative), in text
#     ("event N", the number opening an event line) and JSON ("seq", "from",
#     "at", "events"; these become strings);
#   - times become "T", thread ids "TID";
#   - object ids become #1, #2... in order of first appearance, so "now
#     object 51 (was object 50)" still says they differ;
#   - a stack frame in prog.c keeps its module, function and prog.c:LINE and
#     loses its address and module offset (they depend on the compiler);
#     every other frame (libc, _start) becomes "(outside prog.c)".
# Usage: awk -v base=SEQ_OF_FIRST_MARK -f normalize.awk
function rel(n) {
	n = n - base
	return n < 0 ? "m" n : "m+" n
}
function obj(n) {
	if (!(n in objs))
		objs[n] = ++nobj
	return "#" objs[n]
}
# The replacement for text t matched by pattern kind k.
function repl(k, t,    n, f, l, m) {
	if (k == "event") {
		sub(/^event /, "", t)
		return "event " rel(t)
	}
	if (k == "jnum") { # "key":N
		n = t
		sub(/^"[a-z_]+":/, "", n)
		sub(/:[0-9]+$/, ":", t)
		return t "\"" rel(n) "\""
	}
	if (k == "object") {
		sub(/^object /, "", t)
		return "object " obj(t)
	}
	if (k == "jframe") { # {"ip":...,"line":N}: one symbolized frame
		if (t !~ /"file":"[^"]*\/prog\.c"/)
			return "\"(outside prog.c)\""
		m = t
		sub(/^.*"module":"/, "", m)
		sub(/".*$/, "", m)
		sub(/^.*\//, "", m)
		f = t
		sub(/^.*"function":"/, "", f)
		sub(/".*$/, "", f)
		l = t
		sub(/^.*"line":/, "", l)
		sub(/,"inlined":\[\]}$/, "", l)
		sub(/}$/, "", l)
		return "{\"module\":\"" m "\",\"function\":\"" f "\",\"file\":\"prog.c\",\"line\":" l "}"
	}
	if (k == "sframe") # "0x... MOD+0x... in F at FILE:LINE" in a JSON stack
		return frame(t)
	return t
}
# A frame as text, without its leading "#N " (or quoted, in JSON).
function frame(t,    q, m, rest) {
	q = substr(t, 1, 1) == "\"" ? "\"" : ""
	if (q != "")
		t = substr(t, 2, length(t) - 2)
	if (t !~ /^0x[0-9a-f]+ [^ ]+\+0x[0-9a-f]+ in [^ ]+ at [^ ]*\/?prog\.c:[0-9]+$/)
		return q "(outside prog.c)" q
	sub(/^0x[0-9a-f]+ /, "", t)
	m = t
	sub(/\+0x.*$/, "", m)
	rest = t
	sub(/^[^ ]+ /, "", rest)
	sub(/ at [^ ]*prog\.c:/, " at prog.c:", rest)
	return q m " " rest q
}
# Replace every match of re (a string: a /regex/ argument would be
# matched against $0 on the spot) in s (kind k).
function each(s, re, k,    out) {
	out = ""
	while (match(s, re)) {
		out = out substr(s, 1, RSTART - 1) repl(k, substr(s, RSTART, RLENGTH))
		s = substr(s, RSTART + RLENGTH)
	}
	return out s
}
{
	s = $0
	# an event line: "N +SECONDS [TID] call"
	if (match(s, /^[0-9]+ \+[0-9]+\.[0-9]+ \[[0-9]+\] /)) {
		n = s
		sub(/ .*$/, "", n)
		s = rel(n) " +T [TID] " substr(s, RLENGTH + 1)
	}
	# a text frame: "    #N 0x... MOD+0x... in F at FILE:LINE"
	if (match(s, /^ *#[0-9]+ /)) {
		s = substr(s, 1, RLENGTH) frame(substr(s, RLENGTH + 1))
		print s
		next
	}
	s = each(s, "event [0-9]+", "event")
	s = each(s, "object [0-9]+", "object")
	gsub(/thread [0-9]+/, "thread TID", s)
	gsub(/"tid":[0-9]+/, "\"tid\":\"TID\"", s)
	gsub(/"time_ns":[0-9]+/, "\"time_ns\":\"T\"", s)
	s = each(s, "\"(seq|from|at|events)\":[0-9]+", "jnum")
	s = each(s, "[{]\"ip\":[^}]*[}]", "jframe")
	s = each(s, "\"0x[0-9a-f]+ [^\"]*\"", "sframe")
	print s
}
