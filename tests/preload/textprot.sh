#!/bin/sh
# textprot.sh - patching gives libc's text back its protection: after the
# library's start (patch.h: pages held writable while the functions are
# patched, given back once), no libc mapping is writable, and each has a
# protection that libc's mappings have without mdtrace.  The same with the
# 13-byte form (MDTRACE_PATCH=long).
. "$(dirname "$0")/common.sh"
need_cmd cat

libc_perms() { awk '/\/libc\.so\.6$/ { print $2 }' "$1" | sort -u; }

cat /proc/self/maps >"$WORK/plain.maps" || fail "plain cat failed"
libc_perms "$WORK/plain.maps" >"$WORK/plain.perms"
[ -s "$WORK/plain.perms" ] || fail "no libc.so.6 in /proc/self/maps"
for form in short long; do
	case $form in
	long) export MDTRACE_PATCH=long ;;
	esac
	preloaded "$form" cat /proc/self/maps >"$WORK/$form.maps" || fail "$form: preloaded cat failed"
	libc_perms "$WORK/$form.maps" >"$WORK/$form.perms"
	awk '/\/libc\.so\.6$/ && $2 ~ /w/ && $2 ~ /x/' "$WORK/$form.maps" | grep . &&
		fail "$form: libc text left writable"
	comm -23 "$WORK/$form.perms" "$WORK/plain.perms" | grep . &&
		fail "$form: libc mapping protections not as without mdtrace"
	dump "$form" >"$WORK/$form.rec"
	# the patcher's mprotects come in pairs: each page made writable is given back
	awk -v mp=$EV_MPROTECT '$2 == mp && $7 == 7 { w[$5]++ } $2 == mp && $7 != 7 { b[$5]++ }
		END { for (p in w) if (b[p] < w[p]) { print "page", p, "not given back"; bad = 1 }
		      exit bad + (length(w) == 0) }' "$WORK/$form.rec" ||
		fail "$form: a patched page was not given back (or none recorded)"
done
exit 0
