/* clock.h - record times in nanoseconds: the one place that knows what a
 * record's `time` counts (format.h, mdtrace-trace(5) "TIME"). */
#ifndef MD_TRACE_CLOCK_H
#define MD_TRACE_CLOCK_H
#include <stdint.h>
#include "format.h"
#include "reader.h"

/* A record time of trace h in CLOCK_MONOTONIC nanoseconds.  TSC ticks are
 * placed on the line through the header's start pair and its latest pair
 * (before the start pair, or after the latest, the same line extended);
 * with no latest pair yet (a process killed during start-up) every time is
 * the start pair's.  Saturates at 0 and UINT64_MAX on a hostile header. */
uint64_t md_clock_ns(const struct md_trace_header *h, uint64_t ticks);

static inline uint64_t md_rec_time_ns(const struct md_trace *t, const struct md_rec *r)
{
	return md_clock_ns(t->h, r->time);
}

/* A duration of `units` clock units starting at clock value `at`, in ns. */
uint64_t md_clock_span_ns(const struct md_trace_header *h, uint64_t at, uint64_t units);

/* A timed record's time in its hook (MD_RF_TIMED), in ns; 0 if untimed. */
static inline uint64_t md_rec_hook_ns(const struct md_trace *t, const struct md_rec *r)
{
	if (!(r->flags & MD_RF_TIMED))
		return 0;
	return md_clock_span_ns(t->h, r->time, (uint64_t)r->hook << MD_HOOK_SHIFT);
}

#endif
