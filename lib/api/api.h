/* api.h - libmdtrace's parts (lib/api): the capture it reads, its lock,
 * its memory, the live tables and the events.  The analysis (table,
 * verdicts, record effects) is lib/core's and lib/trace's, compiled in. */
#ifndef MD_API_H
#define MD_API_H
#include <signal.h>
#include <stdint.h>
#include "capture.h"
#include "table.h"

struct md_effect;

#define MD_API_PUBLIC __attribute__((visibility("default")))

/* The process's capture, or NULL (not traced: setuid, or the trace could
 * not be made).  Set by the library's constructor. */
extern const struct md_capture *md_cap;
/* Whether the capture is writing records: the API works only then. */
int md_api_capturing(void);

/* lock.c: the API lock.  Returns 0, or -1 with errno EAGAIN when this
 * thread cannot wait for it: a signal handler that interrupted its own
 * thread inside the library, or inside one of its hooks while another
 * thread holds the lock (that thread may be waiting for the hook). */
struct md_api_held {
	sigset_t mask;  /* fork only: the mask before prepare */
};
int md_api_lock(struct md_api_held *h);
void md_api_unlock(struct md_api_held *h);
/* atfork: prepare takes it (signals blocked), parent releases it, the
 * child starts it afresh */
void md_api_lock_prepare(struct md_api_held *h);
void md_api_lock_parent(struct md_api_held *h);
void md_api_lock_child(struct md_api_held *h);

/* live.c: the shadow tables of this process, one per identity policy,
 * brought up to date from the records since the last call.  With the API
 * lock held. */
enum { MD_LIVE_CONTRACT, MD_LIVE_DMA, MD_LIVE_TABLES };
/* Where a table stands in the record stream: positions compare equal only
 * within one trace (epoch: a fork child starts a new one). */
struct md_live_pos {
	uint64_t epoch, off;
};
/* Creates the table of `which` from /proc/self/maps if there is none;
 * without the API lock (it takes it, and the order lock, in turn).  0, or
 * -1 with errno ENOMEM or EAGAIN. */
int md_live_ensure(int which);
/* The table of `which` (md_live_ensure made it), brought up to date; with
 * the API lock. */
struct md_table *md_live_table(int which);
/* The table's position, and the event number of the last record it read. */
struct md_live_pos md_live_pos(int which);
uint64_t md_live_seq(int which);
/* Without the lock: whether the table of `which` has read every record
 * written so far, at position *pos (a signal-safe, lock-free check). */
int md_live_current(int which, struct md_live_pos *pos);
/* Brings every existing table up to date; calls fn for each record read
 * with the effect it had on the first table (shmdt's length). */
void md_live_catch_up(void (*fn)(const struct md_rec *, const struct md_effect *, void *),
		      void *arg);
void md_live_fork_child(void);
/* Without the lock: whether a memory-only trace holds more unread records
 * than it should (the dispatch then reads them). */
int md_live_lagging(void);

/* events.c */
void md_events_page(unsigned page_size);
/* Have the hooks call the dispatch from now on (a table exists). */
void md_events_watch(void);


#endif
