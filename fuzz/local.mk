# fuzz/local.mk - fuzzing (HACKING.md, Fuzzing).  Each target fuzz/NAME.c
# defines LLVMFuzzerTestOneInput and is built twice:
#  - fuzz/fuzz_NAME, the libFuzzer fuzzer, only in a build configured with
#    --enable-fuzz (CC=clang), by `make fuzz`, which runs each one for
#    FUZZ_TIME seconds from the seed corpus (fuzz/seeds.sh);
#  - fuzz/run_NAME, with fuzz/replay.c's main, in every build: `make check`
#    runs the regression corpus fuzz/regress/NAME/ (inputs that once
#    crashed) and the seeds through it (fuzz/regress.sh).
FUZZ_TARGETS = trace index maps token elf
FUZZ_COMMON = fuzz/fuzz.h fuzz/common.c
FUZZ_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/cli -I$(top_srcdir)/fuzz
fuzz_trace_src = fuzz/trace.c cli/describe.c cli/symbolize.c cli/symbolize.h cli/parse.c \
	cli/errors.c $(FUZZ_COMMON)
fuzz_index_src = fuzz/index.c $(FUZZ_COMMON)
fuzz_maps_src = fuzz/maps.c $(FUZZ_COMMON)
fuzz_token_src = fuzz/token.c cli/token.c cli/token.h $(FUZZ_COMMON)
fuzz_elf_src = fuzz/elf.c cli/symbolize.c cli/symbolize.h cli/parse.c $(FUZZ_COMMON)

check_PROGRAMS += fuzz/run_trace fuzz/run_index fuzz/run_maps fuzz/run_token fuzz/run_elf \
	fuzz/mkseed
fuzz_run_trace_SOURCES = $(fuzz_trace_src) fuzz/replay.c
fuzz_run_index_SOURCES = $(fuzz_index_src) fuzz/replay.c
fuzz_run_maps_SOURCES = $(fuzz_maps_src) fuzz/replay.c
fuzz_run_token_SOURCES = $(fuzz_token_src) fuzz/replay.c
fuzz_run_elf_SOURCES = $(fuzz_elf_src) fuzz/replay.c
fuzz_mkseed_SOURCES = fuzz/mkseed.c
fuzz_run_trace_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_run_index_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_run_maps_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_run_token_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_run_elf_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_run_trace_CFLAGS = $(AM_CFLAGS) $(SAN_CFLAGS) $(LIBDW_CFLAGS)
fuzz_run_index_CFLAGS = $(AM_CFLAGS) $(SAN_CFLAGS)
fuzz_run_maps_CFLAGS = $(AM_CFLAGS) $(SAN_CFLAGS)
fuzz_run_token_CFLAGS = $(AM_CFLAGS) $(SAN_CFLAGS)
fuzz_run_elf_CFLAGS = $(AM_CFLAGS) $(SAN_CFLAGS) $(LIBDW_CFLAGS)
fuzz_run_trace_LDFLAGS = $(SAN_CFLAGS)
fuzz_run_index_LDFLAGS = $(SAN_CFLAGS)
fuzz_run_maps_LDFLAGS = $(SAN_CFLAGS)
fuzz_run_token_LDFLAGS = $(SAN_CFLAGS)
fuzz_run_elf_LDFLAGS = $(SAN_CFLAGS)
fuzz_run_trace_LDADD = lib/libmdcore.la $(LIBDW_LIBS)
fuzz_run_index_LDADD = lib/libmdcore.la
fuzz_run_maps_LDADD = lib/libmdcore.la
fuzz_run_token_LDADD = lib/libmdcore.la
fuzz_run_elf_LDADD = lib/libmdcore.la $(LIBDW_LIBS)
fuzz_mkseed_LDADD = lib/libmdcore.la
fuzz_mkseed_LDFLAGS = $(SAN_CFLAGS)

# The fuzzers: built only by `make fuzz`, and only with --enable-fuzz.
EXTRA_PROGRAMS = fuzz/fuzz_trace fuzz/fuzz_index fuzz/fuzz_maps fuzz/fuzz_token fuzz/fuzz_elf
fuzz_fuzz_trace_SOURCES = $(fuzz_trace_src)
fuzz_fuzz_index_SOURCES = $(fuzz_index_src)
fuzz_fuzz_maps_SOURCES = $(fuzz_maps_src)
fuzz_fuzz_token_SOURCES = $(fuzz_token_src)
fuzz_fuzz_elf_SOURCES = $(fuzz_elf_src)
fuzz_fuzz_trace_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_index_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_maps_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_token_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_elf_CPPFLAGS = $(FUZZ_CPPFLAGS)
fuzz_fuzz_trace_CFLAGS = $(AM_CFLAGS) $(SAN_CFLAGS) $(LIBDW_CFLAGS)
fuzz_fuzz_index_CFLAGS = $(AM_CFLAGS) $(SAN_CFLAGS)
fuzz_fuzz_maps_CFLAGS = $(AM_CFLAGS) $(SAN_CFLAGS)
fuzz_fuzz_token_CFLAGS = $(AM_CFLAGS) $(SAN_CFLAGS)
fuzz_fuzz_elf_CFLAGS = $(AM_CFLAGS) $(SAN_CFLAGS) $(LIBDW_CFLAGS)
fuzz_fuzz_trace_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_index_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_maps_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_token_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_elf_LDFLAGS = $(FUZZ_LDFLAGS)
fuzz_fuzz_trace_LDADD = lib/libmdcore.la $(LIBDW_LIBS)
fuzz_fuzz_index_LDADD = lib/libmdcore.la
fuzz_fuzz_maps_LDADD = lib/libmdcore.la
fuzz_fuzz_token_LDADD = lib/libmdcore.la
fuzz_fuzz_elf_LDADD = lib/libmdcore.la $(LIBDW_LIBS)

FUZZ_TESTS = fuzz/seeds.sh fuzz/regress.sh
TESTS += $(FUZZ_TESTS)
fuzz/regress.log: fuzz/seeds.log
# the corpus fuzz/seeds.sh made (make clean, and distcheck's distclean)
clean-local: clean-fuzz-seeds
.PHONY: clean-fuzz-seeds
clean-fuzz-seeds:
	rm -rf fuzz/seeds
EXTRA_DIST += $(FUZZ_TESTS) fuzz/run.sh fuzz/regress

# make fuzz [FUZZ_TIME=seconds per target] [FUZZ_TARGETS="trace index"]
FUZZ_TIME = 20
# the seeds are made by running the test programs under mdtrace
FUZZ_SEED_PROGS = fuzz/mkseed tests/checkpoint/prog tests/writer/prog tests/live/prog
if FUZZ
fuzz: all
	$(MAKE) $(AM_MAKEFLAGS) $(FUZZ_TARGETS:%=fuzz/fuzz_%) $(FUZZ_SEED_PROGS)
	$(SHELL) $(srcdir)/fuzz/run.sh $(FUZZ_TIME) $(FUZZ_TARGETS)
else
fuzz:
	@echo "make fuzz: configure with --enable-fuzz (CC=clang; ./build.sh fuzz does)" >&2; exit 1
endif
.PHONY: fuzz
