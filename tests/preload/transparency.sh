#!/bin/sh
# transparency.sh - the same results and errno with and without the hooks,
# for both patch forms, and the calls were really seen (test a).
. "$(dirname "$0")/common.sh"

"$T/transparency" >"$WORK/plain" || fail "plain run failed"
for form in short long; do
	MDTRACE_PATCH=$form preloaded $form "$T/transparency" >"$WORK/$form" ||
		fail "preloaded run failed ($form)"
	diff -u "$WORK/plain" "$WORK/$form" || fail "results differ ($form patch form)"
	dump $form >"$WORK/$form.rec"
	grep -q '^# flags [0-9]*[02468]$' "$WORK/$form.rec" || fail "trace marked blind ($form)"
	awk -v B=$EV_BLIND '$2 == B { print "blind record:", $0; bad = 1 } END { exit bad }' \
		"$WORK/$form.rec" || fail "a function was left blind ($form)"
	# what the table makes the program do (transparency.c), as records of
	# its own calls (flags 0), failed ones included: 7 mmap EINVAL (len 0,
	# offsets 1, 2048, file offset 1, no type, fixed unaligned, flags -1),
	# 2 EEXIST, 4 munmap EINVAL, 7 mremap EINVAL, 2 posix_madvise EINVAL,
	# 5 shmat, 3 shmdt, 8 raw mapping syscalls
	awk -v mm=$EV_MMAP -v mu=$EV_MUNMAP -v mr=$EV_MREMAP -v pm=$EV_POSIX_MADVISE \
	    -v sa=$EV_SHMAT -v sd=$EV_SHMDT -v raw=$RF_RAW '
		/^#/ { next }
		$3 == 0 && $2 == mm && $4 == 22 { mmap_inval++ }
		$3 == 0 && $2 == mm && $4 == 17 { eexist++ }
		$3 == 0 && $2 == mu && $4 == 22 { munmap_inval++ }
		$3 == 0 && $2 == mr && $4 == 22 { mremap_inval++ }
		$3 == 0 && $2 == pm && $11 == 22 { pmadv_inval++ }
		$3 == 0 && $2 == sa { shmat++ }
		$3 == 0 && $2 == sd { shmdt++ }
		$3 == raw { raw_n++ }
		END {
			if (mmap_inval < 7 || eexist < 2 || munmap_inval < 4 || mremap_inval < 7 ||
			    pmadv_inval < 2 || shmat < 5 || shmdt < 3 || raw_n < 8) {
				print "too few records:", mmap_inval, eexist, munmap_inval, mremap_inval,
				      pmadv_inval, shmat, shmdt, raw_n
				exit 1
			}
		}' "$WORK/$form.rec" || fail "calls missing from the trace ($form)"
done
exit 0
