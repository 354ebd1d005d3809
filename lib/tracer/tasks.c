/* tasks.c - the supervisor's task table: a hash of task ids. */
#include "tasks.h"
#include <stdlib.h>

#define BUCKETS 1024
static void unlink_task(struct md_task *t);
static struct md_task *bucket[BUCKETS];

static struct md_task **slot(int tid)
{
	return &bucket[(unsigned)tid % BUCKETS];
}

struct md_task *md_task_find(int tid)
{
	for (struct md_task *t = *slot(tid); t; t = t->next)
		if (t->tid == tid)
			return t;
	return NULL;
}

struct md_task *md_task_add(int tid)
{
	struct md_task *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->tid = t->tgid = tid;
	t->next = *slot(tid);
	*slot(tid) = t;
	return t;
}

void md_task_remove(struct md_task *t)
{
	unlink_task(t);
	md_remote_stack_forget(t);
	free(t);
}

static void unlink_task(struct md_task *t)
{
	for (struct md_task **p = slot(t->tid); *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			return;
		}
}

struct md_task *md_task_rekey(struct md_task *t, int tid)
{
	unlink_task(t);
	t->tid = tid;
	t->next = *slot(tid);
	*slot(tid) = t;
	return t;
}

void md_task_each(void (*fn)(struct md_task *t, void *arg), void *arg)
{
	for (unsigned i = 0; i < BUCKETS; i++)
		for (struct md_task *t = bucket[i]; t; t = t->next)
			fn(t, arg);
}

struct md_task *md_task_next_parked(const struct md_image *img)
{
	struct md_task *best = NULL;
	for (unsigned i = 0; i < BUCKETS; i++)
		for (struct md_task *t = bucket[i]; t; t = t->next)
			if (t->img == img && t->state == MD_T_PARKED && (!best || t->parked < best->parked))
				best = t;
	return best;
}
