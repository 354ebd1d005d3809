/* thread.c - pthread_create: the new thread arms syscall user dispatch
 * (sud.c) and makes its first use of libunwind (stack.c) before it runs
 * the program's start routine.  The routine and
 * its argument travel in a fixed table of slots, not in malloc'd memory;
 * a slot is free again once the thread has read it. */
#define _GNU_SOURCE
#include "writer.h"
#include "sud.h"
#include <dlfcn.h>
#include <pthread.h>
#include <sys/syscall.h>

#define SLOTS 256

struct start {
	void *(*fn)(void *);
	void *arg;
	int busy;
};

static struct start slots[SLOTS];
static int (*real_create)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

static struct start *take(void)
{
	for (unsigned round = 0;; round++) {
		for (unsigned i = 0; i < SLOTS; i++) {
			int z = 0;
			if (__atomic_compare_exchange_n(&slots[i].busy, &z, 1, 0, __ATOMIC_ACQUIRE,
							__ATOMIC_RELAXED))
				return &slots[i];
		}
		md_syscall6(SYS_sched_yield, 0, 0, 0, 0, 0, 0); /* SLOTS threads starting */
	}
}

static void *start(void *p)
{
	struct start *s = p;
	void *(*fn)(void *) = s->fn, *arg = s->arg;
	__atomic_store_n(&s->busy, 0, __ATOMIC_RELEASE);
	if (md_sud_on)
		md_sud_arm();
	md_stack_thread_init();
	return fn(arg);
}

MD_PUBLIC int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *),
			     void *arg)
{
	struct start *s;
	int r;
	if (!real_create)
		real_create = (int (*)(pthread_t *, const pthread_attr_t *, void *(*)(void *),
				       void *))dlsym(RTLD_NEXT, "pthread_create");
	if (!md_sud_on && !md_stack_depth)
		return real_create(t, attr, fn, arg);
	s = take();
	s->fn = fn;
	s->arg = arg;
	r = real_create(t, attr, start, s);
	if (r)
		__atomic_store_n(&s->busy, 0, __ATOMIC_RELEASE);
	return r;
}
