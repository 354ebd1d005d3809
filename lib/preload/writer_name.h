/* writer_name.h - which file an image's trace is (writer_name.c).  The
 * preloaded library and the ptrace backend (lib/tracer) name their traces
 * by this one rule; libc-free, like the rest of the writer. */
#ifndef MD_WRITER_NAME_H
#define MD_WRITER_NAME_H
#include "prim.h"

/* Which trace a new image writes. */
enum md_trace_role { MD_TRACE_ROOT, MD_TRACE_FORK_CHILD, MD_TRACE_EXECED };

/* Opens (creates, exclusively, mode 0600, close-on-exec) the trace file
 * of this role and pid under root, its name in path (MD_PATH_MAX); an fd
 * or -errno. */
int md_writer_open(enum md_trace_role kind, const char *root, char *path, long pid);

#endif
