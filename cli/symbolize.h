/* symbolize.h - recorded return addresses to function, file:line and
 * module+offset, from the trace's MODULE records and the module files on
 * disk (elfutils libdwfl).  A file whose build id differs from the recorded
 * one, or that is gone, gives module+offset only, with one warning. */
#ifndef MD_CLI_SYMBOLIZE_H
#define MD_CLI_SYMBOLIZE_H
#include <stdint.h>
#include <stdio.h>
#include "replay.h"

/* A function the code at a frame's address was inlined into, and the place
 * in it of the inlined call. */
struct md_inline {
	const char *function;
	const char *file;      /* NULL: no line information */
	int line;
};

struct md_frame {
	uint64_t ip;
	const char *module;    /* the module's path; NULL: no module holds ip */
	uint64_t offset;       /* ELF address in the module: ip - load bias */
	const char *function;  /* NULL: unknown */
	const char *file;      /* NULL: no line information */
	int line;
	const struct md_inline *inl; /* callers it was inlined into, innermost first */
	unsigned ninl;
};

/* Symbolize return address ip of an event numbered seq.  The strings live
 * until md_symbolize_end(). */
void md_symbolize(const struct md_replay *rp, uint64_t ip, uint64_t seq, struct md_frame *f);
/* "0x7f... prog+0x1189 in main at /src/prog.c:23" (the parts known), then
 * ", inlined in F at FILE:LINE" for each function it was inlined into. */
void md_frame_text(FILE *out, const struct md_frame *f);
/* {"ip":"0x...","module":...,"offset":"0x...","function":...,"file":...,"line":...}
 * ,"inlined":[{"function":...,"file":...,"line":...},...]} (empty unless inlined). */
void md_frame_json(FILE *out, const struct md_frame *f);
/* Close every module file read so far. */
void md_symbolize_end(void);

#endif
