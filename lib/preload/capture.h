/* capture.h - what the preloaded library offers libmdtrace (lib/api): this
 * process's live trace, tool memory and the event dispatch.  The one
 * capture of a process is the preloaded library, whether LD_PRELOAD named
 * it or it came in as libmdtrace's dependency (the loader then shares one
 * copy); libmdtrace finds it by the name mdtrace_capture_v1.
 *
 * A private interface between two libraries of one build: the version
 * number changes with any change to the struct. */
#ifndef MD_CAPTURE_H
#define MD_CAPTURE_H
#include <stddef.h>
#include <stdint.h>

struct md_rec;
struct md_trace_header;

#define MD_CAPTURE_VERSION 2

/* Called by a hook after a successful call made by the program (not by a
 * nested call or mdtrace's own), with the order lock released and errno
 * still to be restored.  r holds the call's type, flags, arguments and
 * result; it has no frames or payload. */
typedef void md_dispatch_fn(const struct md_rec *r);

struct md_capture {
	unsigned version;
	/* No trace file: the records stay in memory (mdtrace-preload(7)). */
	int (*memory_only)(void);
	/* This image's trace header, NULL while untraced. */
	const struct md_trace_header *(*header)(void);
	/* Copies the committed record at body offset off into buf without
	 * its frames (nframes 0 in the copy): the record's size in the trace;
	 * 0 when no record is complete there yet (*tid: the writer's thread,
	 * 0 if unknown) or the copy needs more than cap bytes (*need). */
	size_t (*copy)(uint64_t off, void *buf, size_t cap, int *tid, size_t *need);
	/* The order lock (recursive per thread): no recorded mapping call is
	 * between its system call and its record while it is held. */
	void (*lock)(void);
	void (*unlock)(void);
	/* Whether this thread holds it: a signal handler that interrupted a
	 * hook of its own thread. */
	int (*lock_mine)(void);
	/* /proc/self/maps now, in a buffer valid until the next call; with
	 * the order lock held.  NULL on failure. */
	const char *(*maps)(uint32_t *len);
	/* Memory recorded as mdtrace's own (MD_RF_TOOL).  remap moves or
	 * resizes a tool mapping (MREMAP_MAYMOVE). */
	void *(*map)(size_t len);
	void (*unmap)(void *p, size_t len);
	void *(*remap)(void *p, size_t oldlen, size_t len);
	/* Device and inode of the trace file (its mapping is mdtrace's). */
	int (*trace_ident)(uint64_t *dev, uint64_t *ino);
	/* The hooks call fn (NULL: none) as md_dispatch_fn says. */
	void (*set_dispatch)(md_dispatch_fn *fn);
	/* memory_only: records below body offset off will not be read again. */
	void (*release)(uint64_t off);
	/* This thread's id (cached). */
	int (*tid)(void);
};

#endif
