/* lock.c - the API lock (api.h).  A mutex, and a mark per thread set
 * before it is taken and cleared after it is released: a signal handler
 * that interrupts its own thread anywhere near the lock finds the mark and
 * gets EAGAIN instead of waiting for itself.  Blocking signals instead
 * would cost two system calls a call (most of a slow answer).
 *
 * fork's prepare handler does block them: only one thread goes on in the
 * child, and the lock must be its. */
#define _GNU_SOURCE
#include "api.h"
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static __thread volatile int holding __attribute__((tls_model("initial-exec")));

int md_api_lock(struct md_api_held *h)
{
	(void)h;
	if (holding) {
		errno = EAGAIN;
		return -1;
	}
	holding = 1;
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	/* A handler that interrupted this thread's own hook: the order lock
	 * is this thread's, and the API lock's holder may be waiting for it
	 * (tool memory).  Waiting here could never end. */
	if (md_cap && md_cap->lock_mine()) {
		if (pthread_mutex_trylock(&mu) == 0)
			return 0;
		holding = 0;
		errno = EAGAIN;
		return -1;
	}
	pthread_mutex_lock(&mu);
	return 0;
}

void md_api_unlock(struct md_api_held *h)
{
	(void)h;
	pthread_mutex_unlock(&mu);
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	holding = 0;
}

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

void md_api_lock_prepare(struct md_api_held *h)
{
	block_signals(&h->mask);
	holding = 1;
	pthread_mutex_lock(&mu);
}

void md_api_lock_parent(struct md_api_held *h)
{
	md_api_unlock(h);
	pthread_sigmask(SIG_SETMASK, &h->mask, NULL);
}

/* Only the forking thread lives on in the child, and it holds the lock. */
void md_api_lock_child(struct md_api_held *h)
{
	pthread_mutex_init(&mu, NULL);
	holding = 0;
	pthread_sigmask(SIG_SETMASK, &h->mask, NULL);
}
