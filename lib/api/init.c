/* init.c - libmdtrace's start: find the capture (the preloaded library,
 * LD_PRELOADed or loaded as this library's dependency: one copy either
 * way), and keep the live tables right across fork. */
#define _GNU_SOURCE
#include "api.h"
#include "config.h"
#include "mdtrace.h"
#include <pthread.h>
#include <unistd.h>


static struct md_api_held fork_held;

static void prepare(void)
{
	md_api_lock_prepare(&fork_held);
	if (md_api_capturing())
		md_live_catch_up(NULL, NULL);
}

static void parent(void)
{
	md_api_lock_parent(&fork_held);
}

/* The capture's child handler, registered before ours, has switched to
 * the child's trace already. */
static void child(void)
{
	if (md_api_capturing())
		md_live_fork_child();
	md_api_lock_child(&fork_held);
}

const struct md_capture *md_cap;
extern const struct md_capture mdtrace_capture_v1;

__attribute__((constructor)) static void md_api_init(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	if (mdtrace_capture_v1.version != MD_CAPTURE_VERSION)
		return;
	md_cap = &mdtrace_capture_v1;
	md_events_page(pg > 0 ? (unsigned)pg : 4096);
	pthread_atfork(prepare, parent, child);
}

MD_API_PUBLIC const char *mdtrace_version(void)
{
	return PACKAGE_VERSION;
}
