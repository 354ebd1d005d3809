/* shrink.h - a trace cut shorter while it is mapped.  Reading a page of a
 * file mapping past the file's new end raises SIGBUS, and anyone who may
 * write a trace may cut it at any time (the traced user, under root's
 * verify --pid), so each mapped trace is watched: a SIGBUS inside one ends
 * the command with one error line and status 1 instead of a signal. */
#ifndef MD_TRACE_SHRINK_H
#define MD_TRACE_SHRINK_H
#include <stddef.h>
#include <stdint.h>

/* Watch [base, base + size), the mapping of the trace at path (no-op once
 * every slot is taken: that trace's SIGBUS stays a signal). */
void md_shrink_watch(const void *base, size_t size, const char *path);
void md_shrink_unwatch(const void *base);
/* The walk of the trace at path (fd, size bytes when mapped) found no
 * record where it needed `need` bytes: if the file is now shorter than both,
 * it was cut meanwhile (a cut within the last page reads as zeros, not as
 * SIGBUS), and the command ends the same way.  A writer's own cut at exit,
 * to what it reserved, is not one: every record lies below it. */
void md_shrink_check(int fd, size_t size, uint64_t need, const char *path);

#endif
