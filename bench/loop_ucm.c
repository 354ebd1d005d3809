/* loop_ucm.c - hooks_loop with UCX UCM's event handler counting
 * UCM_EVENT_VM_MAPPED and UCM_EVENT_VM_UNMAPPED (bench_events.sh): the
 * events a registration cache takes from UCM.  UCM as configured by
 * default (its UCX_MEM_* environment): for these events it hooks mmap and
 * its kin, and replaces malloc with its own. */
#include <stdio.h>
#include <stdlib.h>
#include <ucm/api/ucm.h>
#include "loop_handler.h"

static unsigned long long count;

static void counter(ucm_event_type_t type, ucm_event_t *ev, void *arg)
{
	count++;
}

void loop_handler_install(void)
{
	ucs_status_t s = ucm_set_event_handler(UCM_EVENT_VM_MAPPED | UCM_EVENT_VM_UNMAPPED, 0,
					       counter, NULL);
	if (s != UCS_OK) {
		fprintf(stderr, "hooks_loop_ucm: ucm_set_event_handler: %d\n", (int)s);
		exit(1);
	}
}

unsigned long long loop_handler_count(void)
{
	return count;
}
