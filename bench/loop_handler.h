/* loop_handler.h - what loop_ucm.c and loop_mdtrace.c give hooks_loop.c:
 * an event handler that counts, installed before the timed loop. */
#ifndef LOOP_HANDLER_H
#define LOOP_HANDLER_H
void loop_handler_install(void);
unsigned long long loop_handler_count(void);
#endif
