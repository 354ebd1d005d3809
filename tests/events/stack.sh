#!/bin/sh
# stack.sh - `mdtrace events` shows each call as strace writes it, and its
# stack symbolized to function and file:line of the call in prog.c.
. "$(dirname "$0")/common.sh"
trace
"$MDTRACE" events "$WORK/t.mdt" >"$WORK/ev" 2>"$WORK/err" || fail "mdtrace events failed: $(cat "$WORK/err")"
[ -s "$WORK/err" ] && fail "unexpected messages: $(cat "$WORK/err")"

# mmap called in main
event "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = $B" "$WORK/ev" >"$WORK/b"
[ -s "$WORK/b" ] || fail "no event for main's mmap = $B"
grep -Eq "^    #0 0x[0-9a-f]+ prog\+0x[0-9a-f]+ in main at [^ ]*/prog\.c:$(line main-mmap)\$" "$WORK/b" ||
	fail "main's mmap: frame #0 is not main at prog.c:$(line main-mmap): $(cat "$WORK/b")"

# mmap called in the helper, called from main
event "mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = $A" "$WORK/ev" >"$WORK/a"
[ -s "$WORK/a" ] || fail "no event for the helper's mmap = $A"
grep -Eq "^    #0 0x[0-9a-f]+ prog\+0x[0-9a-f]+ in map_pages at [^ ]*/prog\.c:$(line helper-mmap)\$" "$WORK/a" ||
	fail "helper's mmap: frame #0 is not map_pages at prog.c:$(line helper-mmap): $(cat "$WORK/a")"
grep -Eq "^    #1 0x[0-9a-f]+ prog\+0x[0-9a-f]+ in main at [^ ]*/prog\.c:$(line call-helper)\$" "$WORK/a" ||
	fail "helper's mmap: frame #1 is not main at prog.c:$(line call-helper): $(cat "$WORK/a")"

# a failed call shows its errno
event "munmap($(printf '%#x' $((B + 1))), 4096) = -1 EINVAL" "$WORK/ev" >"$WORK/bad"
[ -s "$WORK/bad" ] || fail "no failed munmap with EINVAL"
grep -Eq "^    #0 .* in main at [^ ]*/prog\.c:$(line bad-munmap)\$" "$WORK/bad" ||
	fail "failed munmap: frame #0 is not main at prog.c:$(line bad-munmap): $(cat "$WORK/bad")"
echo "ok: calls, functions and lines"
