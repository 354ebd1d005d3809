/* splitmix.h - the random tests' numbers (splitmix64): small, fast, and the
 * same sequence for the same seed everywhere, so a failure's seed replays. */
#ifndef MD_SPLITMIX_H
#define MD_SPLITMIX_H
#include <stdint.h>

static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
#endif
