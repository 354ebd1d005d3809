/* lock.c - the API lock (api.h).  A mutex, taken with every signal that
 * can be blocked blocked: a signal handler that calls the API then never
 * interrupts its own thread inside it.  The faults stay open: code that
 * faults with them blocked is killed instead of reaching the program's
 * handler. */
#define _GNU_SOURCE
#include "api.h"
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void block_signals(sigset_t *old)
{
	sigset_t all;
	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGTRAP);
	sigdelset(&all, SIGSYS); /* syscall user dispatch's (mdtrace-preload(7)) */
	pthread_sigmask(SIG_BLOCK, &all, old);
}

int md_api_lock(struct md_api_held *h)
{
	block_signals(&h->mask);
	/* A handler that interrupted this thread's own hook: the order lock
	 * is this thread's, and the API lock's holder may be waiting for it
	 * (tool memory).  Waiting here could never end. */
	if (md_cap && md_cap->lock_mine()) {
		if (pthread_mutex_trylock(&mu) == 0)
			return 0;
		pthread_sigmask(SIG_SETMASK, &h->mask, NULL);
		errno = EAGAIN;
		return -1;
	}
	pthread_mutex_lock(&mu);
	return 0;
}

void md_api_unlock(struct md_api_held *h)
{
	pthread_mutex_unlock(&mu);
	pthread_sigmask(SIG_SETMASK, &h->mask, NULL);
}

void md_api_lock_prepare(struct md_api_held *h)
{
	block_signals(&h->mask);
	pthread_mutex_lock(&mu);
}

/* Only the forking thread lives on in the child, and it holds the lock. */
void md_api_lock_child(struct md_api_held *h)
{
	pthread_mutex_init(&mu, NULL);
	pthread_sigmask(SIG_SETMASK, &h->mask, NULL);
}
