# gen_xlat.awk - xlat.in to xlat.h (see xlat.in).  In assembler sources
# (__ASSEMBLER__) only the fallback definitions are made: the C sources
# that include the system headers check the values.
BEGIN {
	print "/* xlat.h - made by gen_xlat.awk from xlat.in; do not edit. */"
	print "#ifndef MD_XLAT_H"
	print "#define MD_XLAT_H"
	print "#ifndef __ASSEMBLER__"
	print "#include <elf.h>"
	print "#include <sched.h>"
	print "#include <sys/mman.h>"
	print "#include <sys/shm.h>"
	print "#include <signal.h>"
	print "#include <sys/prctl.h>"
	print "#endif"
}
/^[ \t]*(#|$)/ { next }
NF != 3 { printf "%s:%d: want: group name value\n", FILENAME, FNR > "/dev/stderr"; bad = 1; exit 1 }
{
	print ""
	printf "#if defined(%s) && !defined(__ASSEMBLER__)\n", $2
	printf "_Static_assert(%s == %s, \"%s: the system header disagrees with xlat.in\");\n", $2, $3, $2
	printf "#elif !defined(%s)\n", $2
	printf "#define %s %s\n", $2, $3
	print "#endif"
	if (!($1 in list)) order[n++] = $1
	list[$1] = list[$1] " X(" $2 ")"
}
END {
	if (bad)
		exit 1
	print ""
	for (i = 0; i < n; i++)
		printf "#define MD_XLAT_%s(X)%s\n", order[i], list[order[i]]
	print ""
	print "#endif"
}
