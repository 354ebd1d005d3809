/* loop_mdtrace.c - hooks_loop linked with libmdtrace, its event handler
 * counting every kind of event (bench_events.sh).  Run plainly: the
 * library's capture starts when it loads. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mdtrace.h>
#include "loop_handler.h"

static unsigned long long count;

static void counter(const struct mdtrace_event *ev, void *arg)
{
	count++;
}

void loop_handler_install(void)
{
	if (mdtrace_set_event_handler(MDTRACE_EVENT_ALL, counter, NULL) != 0) {
		fprintf(stderr, "hooks_loop_mdtrace: mdtrace_set_event_handler: %s\n",
			strerror(errno));
		exit(1);
	}
}

unsigned long long loop_handler_count(void)
{
	return count;
}
