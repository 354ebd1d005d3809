# tests/golden.mk - golden tests: tests/golden/prog (fixed addresses, so
# the traces do not depend on ASLR) is traced, and the normalised output of
# `mdtrace events`, `hazards` and `query` is compared with the committed
# tests/golden/*.expected (tests/golden/common.sh, normalize.awk).
check_PROGRAMS += tests/golden/prog
tests_golden_prog_SOURCES = tests/golden/prog.c
tests_golden_prog_CFLAGS = $(AM_CFLAGS) -g
GOLDEN_TESTS = tests/golden/events.sh tests/golden/events_json.sh tests/golden/events_range.sh \
	tests/golden/hazards.sh tests/golden/hazards_json.sh \
	tests/golden/query_aba.sh tests/golden/query_prot.sh tests/golden/query_move.sh \
	tests/golden/query_failed.sh tests/golden/query_json.sh
TESTS += $(GOLDEN_TESTS)
EXTRA_DIST += $(GOLDEN_TESTS) tests/golden/common.sh tests/golden/normalize.awk \
	$(GOLDEN_EXPECTED)
GOLDEN_EXPECTED = tests/golden/events.expected tests/golden/events_json.expected \
	tests/golden/events_range.expected \
	tests/golden/hazards.expected tests/golden/hazards_json.expected \
	tests/golden/query_aba.expected tests/golden/query_prot_away.expected \
	tests/golden/query_prot_back.expected tests/golden/query_move.expected \
	tests/golden/query_failed.expected tests/golden/query_json_aba.expected \
	tests/golden/query_json_prot.expected
# `verify --pid` compares frames too: tests/golden/twice is kept running
# while the frame tests verify it (tests/golden/live.sh).
check_PROGRAMS += tests/golden/twice
tests_golden_twice_SOURCES = tests/golden/twice.c
FRAMES_TESTS = tests/golden/frames_agree.sh tests/golden/frames_differ.sh \
	tests/golden/frames_hidden.sh
TESTS += $(FRAMES_TESTS)
EXTRA_DIST += $(FRAMES_TESTS) tests/golden/live.sh
