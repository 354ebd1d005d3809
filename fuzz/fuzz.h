/* fuzz.h - what the libFuzzer targets share (HACKING.md, Fuzzing).  Each
 * target is one file defining LLVMFuzzerTestOneInput; built with clang's
 * -fsanitize=fuzzer,address,undefined it is a fuzzer (make fuzz), built
 * with replay.c's main it runs saved inputs (make check). */
#ifndef MD_FUZZ_H
#define MD_FUZZ_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The code under test reads paths, so an input becomes a file: name in a
 * private directory made once per process (removed at exit), replaced on
 * each call.  Returns its path (valid until the next call with name). */
const char *md_fuzz_file(const char *name, const void *data, size_t size);
/* That directory's path of name, for files the code makes beside it. */
const char *md_fuzz_path(const char *name);
/* A failed property: say what and abort, so the fuzzer keeps the input. */
_Noreturn void md_fuzz_fail(const char *what);

#endif
