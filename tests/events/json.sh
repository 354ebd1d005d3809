#!/bin/sh
# json.sh - --json writes one JSON object per line with the event's fields
# and its symbolized stack.
. "$(dirname "$0")/common.sh"
need_cmd python3
trace
"$MDTRACE" events --json "$WORK/t.mdt" >"$WORK/ev.json" 2>"$WORK/err" ||
	fail "mdtrace events --json failed: $(cat "$WORK/err")"
python3 - "$WORK/ev.json" "$B" "$(line main-mmap)" <<'PY' || fail "the JSON lines are not as expected"
import json, sys
path, b, want_line = sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3])
n, found = 0, False
for i, text in enumerate(open(path), 1):
    ev = json.loads(text)
    n += 1
    for k, t in (("seq", int), ("time_ns", int), ("tid", int), ("call", str), ("type", str),
                 ("args", list), ("ret", int), ("err", int), ("stack", list)):
        if not isinstance(ev.get(k), t):
            sys.exit("line %d: field %s missing or not %s" % (i, k, t.__name__))
    for f in ev["stack"]:
        if set(f) != {"ip", "module", "offset", "function", "file", "line", "inlined"}:
            sys.exit("line %d: frame fields %s" % (i, sorted(f)))
    if ev["type"] == "mmap" and ev["ret"] == b and ev["args"][1] == 4096:
        found = True
        top = ev["stack"][0]
        if not ev["call"].startswith("mmap(NULL, 4096, PROT_READ,"):
            sys.exit("main's mmap: call %r" % ev["call"])
        if ev["args"][4] != -1 or ev["err"] != 0:
            sys.exit("main's mmap: args %r err %r" % (ev["args"], ev["err"]))
        if top["function"] != "main" or not top["file"].endswith("/prog.c") or top["line"] != want_line:
            sys.exit("main's mmap: top frame %r, want main at prog.c:%d" % (top, want_line))
        if not top["module"].endswith("/prog") or int(top["ip"], 16) <= int(top["offset"], 16):
            sys.exit("main's mmap: module/offset %r" % top)
if not found or n < 3:
    sys.exit("%d lines, main's mmap found: %s" % (n, found))
PY
echo "ok: JSON lines"
