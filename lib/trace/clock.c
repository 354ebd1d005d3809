/* clock.c - record times to nanoseconds (clock.h). */
#include "clock.h"

uint64_t md_clock_ns(const struct md_trace_header *h, uint64_t ticks)
{
	struct md_clock_pair a, b;
	unsigned cur;
	unsigned __int128 q;
	uint64_t dt, dn, span, v;

	if (h->clock != MD_CLOCK_TSC)
		return ticks;
	a = h->clock_pair[0];
	/* the writer may be refreshing the other pair right now */
	cur = __atomic_load_n(&h->clock_cur, __ATOMIC_ACQUIRE);
	if (cur != 1 && cur != 2)
		return a.ns;
	b = h->clock_pair[cur];
	if (b.ticks <= a.ticks || b.ns < a.ns)
		return a.ns;
	span = b.ticks - a.ticks;
	dn = b.ns - a.ns;
	dt = ticks >= a.ticks ? ticks - a.ticks : a.ticks - ticks;
	q = (unsigned __int128)dt * dn / span; /* both factors below 2^64: no overflow */
	v = q > UINT64_MAX ? UINT64_MAX : (uint64_t)q;
	if (ticks >= a.ticks)
		return v > UINT64_MAX - a.ns ? UINT64_MAX : a.ns + v;
	return v > a.ns ? 0 : a.ns - v;
}

uint64_t md_clock_span_ns(const struct md_trace_header *h, uint64_t at, uint64_t units)
{
	uint64_t a = md_clock_ns(h, at);
	uint64_t b = md_clock_ns(h, units > UINT64_MAX - at ? UINT64_MAX : at + units);
	return b > a ? b - a : 0;
}
