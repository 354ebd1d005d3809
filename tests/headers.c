/* headers.c - every header of the libraries included into one translation
 * unit: the preloaded library's (md_writer_*, md_untraced) and lib/trace's
 * (md_trace_*) names must not clash.  Built by make check; the build is the
 * test. */
#define _GNU_SOURCE
#include "aba.h"
#include "apply.h"
#include "arena.h"
#include "checkpoint.h"
#include "clock.h"
#include "events.h"
#include "format.h"
#include "hazard.h"
#include "pp.h"
#include "procfmt.h"
#include "reader.h"
#include "replay.h"
#include "sys.h"
#include "table.h"
#include "verdict.h"
#include "xlat.h"
#include "../lib/preload/emit.h"
#include "../lib/preload/hooks_common.h"
#include "../lib/preload/lock.h"
#include "../lib/preload/patch.h"
#include "../lib/preload/prim.h"
#include "../lib/preload/writer.h"

int main(void)
{
	return 0;
}
