/* mdtrace.h - persistent memory descriptors for Linux programs (mdtrace(3)).
 *
 * IOKit's IOMemoryDescriptor::withPersistentMemoryDescriptor asks whether a
 * descriptor's address ranges are still backed by the memory they had when
 * it was made.  libmdtrace answers that inside a running program, from the
 * shadow table of its address space that mdtrace's capture keeps: under
 * `mdtrace run` (or LD_PRELOAD of the preloaded library) from that capture,
 * or, in a program linked with -lmdtrace and run plainly, from the same
 * capture installed when the library loads.
 *
 * Thread-safe; every function may be called from a signal handler and from
 * an event handler (one that interrupted its own thread inside the library
 * gets EAGAIN rather than waiting for itself).  Link with
 * `pkg-config --libs mdtrace`. */
#ifndef MDTRACE_H
#define MDTRACE_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MDTRACE_VERSION_MAJOR 0
#define MDTRACE_VERSION_MINOR 1

/* One range of the calling process's address space, in bytes.  A range is
 * rounded out to whole pages. */
struct mdtrace_range {
	uint64_t addr, len;
};

typedef struct mdtrace_desc mdtrace_desc;

/* Options of mdtrace_desc_with_address_ranges. */
#define MDTRACE_PERSISTENT (1u << 0) /* the seed's kIOMemoryPersistent */
#define MDTRACE_DIR_IN     (1u << 1) /* device reads the memory: read access needed */
#define MDTRACE_DIR_OUT    (1u << 2) /* device writes it; neither bit or both = inout */
#define MDTRACE_POLICY_DMA (1u << 8) /* default policy is contract (mdtrace-verdicts(7)) */
#define MDTRACE_POLICY_XNU (1u << 9)

/* A descriptor of n ranges as they are backed now, with one reference, or
 * NULL with errno: EINVAL (n == 0, an empty or wrapping range, both policy
 * bits, unknown option bits), ENOMEM, ENOSYS (no capture in this process:
 * see mdtrace(3), WHERE THE ANSWERS COME FROM).  Pages that are not mapped
 * may be described; such a descriptor is a bad original. */
mdtrace_desc *mdtrace_desc_with_address_ranges(const struct mdtrace_range *r, unsigned n,
					       unsigned options);

/* withPersistentMemoryDescriptor: orig itself with one more reference when
 * its ranges are backed by the same memory (reused); a new descriptor of the
 * same ranges and options, as they are now, with one reference (rebuilt);
 * or NULL with errno (null): EINVAL for NULL or a descriptor without
 * MDTRACE_PERSISTENT or a bad original, EFAULT when a page is unmapped,
 * EACCES when a page lacks the access the direction needs, ENOMEM, EAGAIN
 * (mdtrace(3), THREADS, SIGNALS AND FORK). */
mdtrace_desc *mdtrace_desc_with_persistent(mdtrace_desc *orig);

void mdtrace_desc_retain(mdtrace_desc *d);
/* Drops one reference; the last frees d.  NULL is ignored. */
void mdtrace_desc_release(mdtrace_desc *d);
unsigned mdtrace_desc_refcount(const mdtrace_desc *d);

/* Beside the seed's API: what a descriptor was made with. */
unsigned mdtrace_desc_options(const mdtrace_desc *d);
unsigned mdtrace_desc_ranges(const mdtrace_desc *d, struct mdtrace_range *r, unsigned max);

/* The verdict of the last mdtrace_desc_with_persistent(orig). */
enum mdtrace_verdict { MDTRACE_NULL = 0, MDTRACE_REUSED, MDTRACE_REBUILT };

/* Writes the reason of the last verdict for orig, as `mdtrace query`
 * prints it ("rebuilt: 0x...-0x... is now object ..., set by event N"), and
 * returns what snprintf would (the length without the terminating NUL),
 * or -1 with errno EINVAL when orig is NULL or was never asked about. */
int mdtrace_desc_explain(const mdtrace_desc *orig, char *buf, size_t len);
/* The last verdict for orig, or -1 (EINVAL) when it was never asked about. */
int mdtrace_desc_last_verdict(const mdtrace_desc *orig);

/* ---- events ---- */

#define MDTRACE_EVENT_UNMAPPED (1u << 0) /* pages given back */
#define MDTRACE_EVENT_IDENTITY (1u << 1) /* pages now backed by other memory */
#define MDTRACE_EVENT_ACCESS   (1u << 2) /* pages' protection changed */
#define MDTRACE_EVENT_ALL      (MDTRACE_EVENT_UNMAPPED | MDTRACE_EVENT_IDENTITY | MDTRACE_EVENT_ACCESS)

struct mdtrace_event {
	unsigned type;     /* one MDTRACE_EVENT_* */
	uint64_t addr, len; /* the pages, page aligned */
	unsigned prot;     /* MDTRACE_EVENT_ACCESS: the new PROT_* bits */
	const char *call;  /* the system call: "munmap", "mmap", "mremap", ... */
	int tid;           /* the thread that made it (the caller of the handler) */
};

typedef void mdtrace_event_fn(const struct mdtrace_event *ev, void *arg);

/* Calls cb(ev, arg) for every change of the kinds in `events` that a call
 * of this process makes, in the thread that made it, after the system call
 * returned and before the call returns to its caller (UCM's
 * ucm_set_event_handler).  A handler may call this API and may map and
 * unmap memory (its own changes are delivered too).  Up to 32 handlers;
 * the same (cb, arg) again replaces its event mask; events == 0 removes
 * it.  Returns 0, or -1 with errno: EINVAL (cb NULL, unknown bits), ENOMEM
 * (too many handlers), ENOSYS (no capture). */
int mdtrace_set_event_handler(unsigned events, mdtrace_event_fn *cb, void *arg);

/* "0.1.0" */
const char *mdtrace_version(void);

#ifdef __cplusplus
}
#endif
#endif
