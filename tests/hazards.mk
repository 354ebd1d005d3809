# tests/hazards.mk - `mdtrace hazards` and `mdtrace stats`: programs with
# known hazards and known call counts run under `mdtrace run`, then the
# reports are checked (tests/hazards/*.sh).
HAZARD_PROGS = tests/hazards/hzprog tests/hazards/control tests/hazards/callcount \
	tests/hazards/hookload tests/hazards/unseen
check_PROGRAMS += $(HAZARD_PROGS)
tests_hazards_callcount_LDADD = -lpthread
HAZARD_TESTS = tests/hazards/counts.sh tests/hazards/grouping.sh \
	tests/hazards/verdicts.sh tests/hazards/access.sh tests/hazards/json.sh \
	tests/hazards/control.sh tests/hazards/stats_calls.sh tests/hazards/stats_threads.sh \
	tests/hazards/stats_mapped.sh tests/hazards/bad_input.sh tests/hazards/long.sh \
	tests/hazards/stats_hooktime.sh tests/hazards/unseen.sh
TESTS += $(HAZARD_TESTS)
EXTRA_DIST += $(HAZARD_TESTS) tests/hazards/common.sh
