# tests/hostile.mk - hostile input to the reader (tests/hostile/): traces
# cut during start-up, FIFOs and devices where files are read, another
# user's parent paths, traces cut while read, planted sibling names.  The
# scripts use tests/checkpoint/prog and forge.
HOSTILE_TESTS = tests/hostile/startup.sh tests/hostile/fifo.sh tests/hostile/owner.sh \
	tests/hostile/shrink.sh tests/hostile/siblings.sh tests/hostile/swapped.sh \
	tests/hostile/module.sh
TESTS += $(HOSTILE_TESTS)
EXTRA_DIST += $(HOSTILE_TESTS) tests/hostile/common.sh
