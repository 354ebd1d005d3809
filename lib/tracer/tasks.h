/* tasks.h - what the supervisor knows of the tasks it traces and of the
 * process images (address spaces) they run in. */
#ifndef MD_TASKS_H
#define MD_TASKS_H
#include <stddef.h>
#include <stdint.h>
#include "tfile.h"

/* One address space between exec (or fork) and exit, with its trace.
 * Threads, vfork children and CLONE_VM children share one. */
struct md_image {
	struct md_tfile tf;
	unsigned tasks;     /* live tasks running in it */
	unsigned vforks;    /* of them, vfork children (they leave at exec or exit) */
	int ended;          /* the trace is closed (tasks may still be in it) */
	int inflight;       /* the task between a mapping call's entry and exit, 0 none */
	uint64_t brk;       /* the kernel's break: every brk is seen */
	unsigned gen;       /* changes to its code so far (the unwinder's caches) */
	struct md_code { uint64_t lo, hi; } *code; /* its executable mappings */
	unsigned ncode;
	unsigned blind;     /* unseen.def bits already declared, and BLIND_* */
	void *as;           /* its libunwind address space, NULL before the first stack */
	unsigned nparked;   /* its tasks in MD_T_PARKED */
};

enum md_task_state {
	MD_T_RUN,      /* running, or stopped by us just now */
	MD_T_NEW,      /* stopped at attach before its parent's fork event came */
	MD_T_WAITSTOP, /* known from its parent's event; its attach stop is due */
	MD_T_PARKED,   /* at a mapping call's entry, waiting for its image's turn */
	MD_T_INCALL,   /* in a mapping call, resumed to its exit */
	MD_T_DEAD,     /* past its exit stop */
};

struct md_task {
	int tid;
	int tgid;
	enum md_task_state state;
	struct md_image *img;  /* NULL: not traced (before the first exec) */
	uint64_t parked;       /* order of arrival while parked */
	int vforked;           /* a vfork child in its parent's image */
	long nr;               /* the call at its entry */
	uint64_t args[6];
	uint64_t brk_old;
	unsigned nframes;
	uint64_t frames[MD_STACK_MAX];
	void *upt;             /* libunwind's ptrace state, for image generation upt_gen */
	unsigned upt_gen;
	struct md_task *next;
};

struct md_task *md_task_find(int tid);
struct md_task *md_task_add(int tid);
void md_task_remove(struct md_task *t);
/* t under a new id (a thread that execs takes its leader's); returns t. */
struct md_task *md_task_rekey(struct md_task *t, int tid);
/* Calls fn for each task (fn may not remove tasks). */
void md_task_each(void (*fn)(struct md_task *t, void *arg), void *arg);
/* The parked task of img that arrived first, or NULL. */
struct md_task *md_task_next_parked(const struct md_image *img);

/* unwind.c: the call stack of a stopped task (at most max frames, the
 * first the address after its system call instruction). */
unsigned md_remote_stack(struct md_task *t, uint64_t *frames, unsigned max);
void md_remote_stack_forget(struct md_task *t);
void md_remote_stack_image_gone(struct md_image *img);
/* The image's code is what its maps text says. */
void md_code_seed(struct md_image *img, const char *maps, size_t len);
/* After a successful mapping call nr(args) = r of task tid: code that may
 * have been removed or replaced drops the unwinder's caches. */
void md_code_note(struct md_image *img, int tid, long nr, const uint64_t *args, long r);

#endif
