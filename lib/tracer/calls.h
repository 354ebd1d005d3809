/* calls.h - the records of a traced image: its seed, its mapping calls,
 * fork, exec and end, as the preloaded library writes them
 * (mdtrace-trace(5), RECORD TYPES). */
#ifndef MD_CALLS_H
#define MD_CALLS_H
#include "tasks.h"

/* A new image's trace: header, SEED (the maps now) and MODULE records.
 * parent: the trace it continues (fork child, exec'd image) or NULL.
 * Returns the image, or NULL (with a warning line) when it cannot be
 * written: its tasks then run untraced. */
struct md_image *md_image_start(int pid, enum md_trace_role role, const char *root,
				const struct md_image *parent, uint64_t parent_seq,
				unsigned stacks);
/* The image's trace ends: END with the maps of task tid (when `maps`:
 * an exit, not a kill or an exec), then the file is closed. */
void md_image_end(struct md_image *img, int tid, int maps);
/* The image has no task left. */
void md_image_free(struct md_image *img);

/* A mapping call that returned ret, entered by t (t->nr, t->args,
 * t->frames).  Records it like a raw system call of the preload. */
void md_call_done(struct md_task *t, long ret);
/* A call of unseen.def, or of a foreign ABI: one BLIND record each. */
void md_call_blind(struct md_task *t, long nr, int foreign);
/* The FORK record in t's image for child pid; its event number. */
uint64_t md_call_fork(struct md_task *t, int child);
/* The EXEC record in t's (old) image; its event number. */
uint64_t md_call_exec(struct md_task *t, const char *path);

#endif
