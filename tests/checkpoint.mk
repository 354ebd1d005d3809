# tests/checkpoint.mk - the trace index (lib/trace/checkpoint.c): answers
# from checkpoints equal answers from full replays; stale, foreign, damaged
# and hostile index files are not used.  Run from the build directory.
check_PROGRAMS += tests/checkpoint/prog tests/checkpoint/forge
tests_checkpoint_prog_SOURCES = tests/checkpoint/prog.c
tests_checkpoint_forge_SOURCES = tests/checkpoint/forge.c
tests_checkpoint_forge_LDADD = lib/libmdcore.la
tests_checkpoint_forge_LDFLAGS = $(SAN_CFLAGS)
CHECKPOINT_TESTS = tests/checkpoint/same.sh tests/checkpoint/stale.sh tests/checkpoint/corrupt.sh \
	tests/checkpoint/growth.sh
TESTS += $(CHECKPOINT_TESTS)
EXTRA_DIST += $(CHECKPOINT_TESTS) tests/checkpoint/common.sh
