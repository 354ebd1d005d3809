/* supervise.c - the ptrace backend's supervisor (tracer.h): starts the
 * program seized, with the seccomp filter (filter.c), and follows every
 * task it makes, writing one trace per image (calls.c).
 *
 * Order: the trace must hold an image's mapping changes in the kernel's
 * order, but the tasks of an image stop independently.  So an image has
 * at most one mapping call in flight between its entry stop and its exit
 * stop: a task that reaches a mapping call while another is in one waits,
 * stopped, for its turn (MD_T_PARKED), and the calls are made one after
 * the other in the order they arrived. */
#define _GNU_SOURCE
#include "tracer.h"
#include "calls.h"
#include "events.h"
#include "filter.h"
#include "remote.h"
#include "tasks.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/kcmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NATIVE AUDIT_ARCH_X86_64
#define FOREIGN_BIT 0x40000000ul
#elif defined(__aarch64__)
#define NATIVE AUDIT_ARCH_AARCH64
#define FOREIGN_BIT 0ul
#endif

#define OPTIONS (PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
		 PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT | \
		 PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL)

static const struct md_tracer_opts *opt;
static int root_pid, root_status = -1, root_traced;
static int all_stops;      /* no seccomp filter: every system call stops */
static uint64_t park_order;

static void resume(struct md_task *t, int sig)
{
	ptrace(all_stops ? PTRACE_SYSCALL : PTRACE_CONT, t->tid, 0, (void *)(long)sig);
}

/* ---- mapping calls ---- */

static void call_over(struct md_image *img);

/* The task's turn: its stack and the break now, then on to the exit. */
static void begin(struct md_task *t)
{
	struct md_image *img = t->img;
	t->nframes = opt->stacks ? md_remote_stack(t, t->frames, opt->stacks) : 0;
	t->brk_old = img->brk;
	img->inflight = t->tid;
	t->state = MD_T_INCALL;
	if (ptrace(PTRACE_SYSCALL, t->tid, 0, 0) < 0) {
		t->state = MD_T_RUN;
		call_over(img);
	}
}

/* The call in flight ended: the first parked task's turn. */
static void call_over(struct md_image *img)
{
	img->inflight = 0;
	while (img->nparked && !img->inflight) {
		struct md_task *n = md_task_next_parked(img);
		if (!n) {
			img->nparked = 0;
			break;
		}
		img->nparked--;
		begin(n);
	}
}

static void unpark(struct md_task *t)
{
	if (t->state == MD_T_PARKED && t->img)
		t->img->nparked--;
	t->state = MD_T_RUN;
}

/* A stop at the entry of a call the filter (or, without it, the kernel)
 * stopped. */
static void on_entry(struct md_task *t, uint32_t arch, long nr, const uint64_t *args)
{
	if (!t->img) {
		resume(t, 0);
		return;
	}
	if (arch != NATIVE || (nr & FOREIGN_BIT) || !md_ev_of_nr(nr)) {
		md_call_blind(t, nr, arch != NATIVE || (nr & FOREIGN_BIT));
		resume(t, 0);
		return;
	}
	t->nr = nr;
	memcpy(t->args, args, sizeof t->args);
	if (t->img->inflight && t->img->inflight != t->tid) {
		t->state = MD_T_PARKED;
		t->parked = ++park_order;
		t->img->nparked++;
		return;
	}
	begin(t);
}

/* ERESTARTSYS .. ERESTART_RESTARTBLOCK: the call is made again. */
static int restarts(long r)
{
	return r <= -512 && r >= -516;
}

static void on_syscall_stop(struct md_task *t)
{
	struct __ptrace_syscall_info si;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof si, &si) <= 0) {
		resume(t, 0);
		return;
	}
	if (si.op == PTRACE_SYSCALL_INFO_ENTRY && all_stops) {
		long nr = (long)si.entry.nr;
		if (md_ev_of_nr(nr & ~FOREIGN_BIT) || si.arch != NATIVE ||
		    md_filter_unseen(nr, &(const char *){0}, &(unsigned){0}))
			on_entry(t, si.arch, nr, si.entry.args);
		else
			resume(t, 0);
		return;
	}
	if (si.op != PTRACE_SYSCALL_INFO_EXIT || t->state != MD_T_INCALL) {
		resume(t, 0);
		return;
	}
	struct md_image *img = t->img;
	t->state = MD_T_RUN;
	if (!restarts(si.exit.rval))
		md_call_done(t, (long)si.exit.rval);
	resume(t, 0);
	call_over(img);
}

static void on_seccomp(struct md_task *t)
{
	struct __ptrace_syscall_info si;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof si, &si) <= 0 ||
	    si.op != PTRACE_SYSCALL_INFO_SECCOMP) {
		resume(t, 0);
		return;
	}
	on_entry(t, si.arch, (long)si.seccomp.nr, si.seccomp.args);
}

/* ---- tasks coming and going ---- */

/* t leaves its image (exit, exec, or killed by another thread's exec).
 * The trace ends, with the maps when `maps`, when only vfork children are
 * left: a vfork parent runs on once its child has exec'd, and may exit
 * before the child's exec event reaches the supervisor. */
static void leave(struct md_task *t, int maps)
{
	struct md_image *img = t->img;
	int inflight = img && img->inflight == t->tid;
	unpark(t);
	if (!img)
		return;
	t->img = NULL;
	md_remote_stack_forget(t);
	img->vforks -= t->vforked;
	t->vforked = 0;
	img->tasks--;
	if (!img->ended && maps && img->tasks == img->vforks)
		md_image_end(img, t->tid, 1);
	if (!img->tasks)
		md_image_free(img);
	else if (inflight)
		call_over(img);
}

static int same_mm(int a, int b, int ev)
{
	long r = syscall(SYS_kcmp, a, b, KCMP_VM, 0, 0);
	return r < 0 ? ev != PTRACE_EVENT_FORK : r == 0;
}

/* p made task `cid` (fork, vfork, clone): it joins p's image when it
 * shares p's memory, else it starts its own trace from p's. */
static void on_new_task(struct md_task *p, int cid, int ev)
{
	struct md_task *c = md_task_find(cid);
	if (!c && !(c = md_task_add(cid)))
		return;
	if (c->state == MD_T_DEAD) /* it ended before this event came */
		return;
	int stopped = c->state == MD_T_NEW;
	c->state = stopped ? MD_T_RUN : MD_T_WAITSTOP;
	c->tgid = md_remote_tgid(cid) == p->tgid ? p->tgid : cid;
	if (p->img && same_mm(p->tid, cid, ev)) {
		c->img = p->img;
		c->img->tasks++;
		c->vforked = ev == PTRACE_EVENT_VFORK;
		c->img->vforks += c->vforked;
	} else if (p->img) {
		uint64_t seq = md_call_fork(p, cid);
		c->img = md_image_start(cid, MD_TRACE_FORK_CHILD, opt->root, p->img, seq, opt->stacks);
		if (c->img)
			c->img->tasks = 1;
	}
	if (stopped)
		resume(c, 0);
}

struct killed {
	struct md_task *t;
};

static void kill_sibling(struct md_task *u, void *arg)
{
	struct md_task *t = ((struct killed *)arg)->t;
	if (u != t && u->tgid == t->tgid && u->img)
		leave(u, 0);
}

/* Exec replaced t's image.  A thread other than the leader that execs
 * takes the leader's id (`former` is its own). */
static struct md_task *on_exec(struct md_task *t, int former)
{
	if (former != t->tid) {
		struct md_task *e = md_task_find(former);
		if (e && e != t) {
			int tid = t->tid;
			leave(t, 0);
			md_task_remove(t);
			t = md_task_rekey(e, tid);
		}
	}
	md_task_each(kill_sibling, &(struct killed){ t }); /* the kernel killed them */
	char exe[MD_PATH_MAX], p[64];
	snprintf(p, sizeof p, "/proc/%d/exe", t->tid);
	ssize_t n = readlink(p, exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = 0;
	struct md_image *old = t->img;
	uint64_t seq = old && !old->ended ? md_call_exec(t, exe) : 0;
	enum md_trace_role role = root_traced ? MD_TRACE_EXECED : MD_TRACE_ROOT;
	root_traced = 1;
	struct md_image *img = md_image_start(t->tid, role, opt->root, old, seq, opt->stacks);
	leave(t, 0);
	t->img = img;
	if (img)
		img->tasks = 1;
	return t;
}

static void on_exit_event(struct md_task *t)
{
	leave(t, 1);
	t->state = MD_T_DEAD;
	resume(t, 0);
}

static void on_gone(int tid, int status)
{
	struct md_task *t = md_task_find(tid);
	if (tid == root_pid)
		root_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (!t)
		return;
	leave(t, 0);
	md_task_remove(t);
}

static int group_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void on_event(struct md_task *t, int ev, int sig)
{
	unsigned long msg = 0;
	switch (ev) {
	case PTRACE_EVENT_SECCOMP:
		on_seccomp(t);
		return;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg) == 0)
			on_new_task(t, (int)msg, ev);
		break;
	case PTRACE_EVENT_EXEC:
		if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg) == 0)
			t = on_exec(t, (int)msg);
		break;
	case PTRACE_EVENT_EXIT:
		on_exit_event(t);
		return;
	case PTRACE_EVENT_STOP:
		if (t->state == MD_T_WAITSTOP) { /* its attach stop */
			t->state = MD_T_RUN;
			break;
		}
		if (group_stop_signal(sig)) { /* the program is stopped: stay stopped */
			ptrace(PTRACE_LISTEN, t->tid, 0, 0);
			return;
		}
		break;
	}
	resume(t, 0);
}

static void on_stop(int tid, int status)
{
	int sig = WSTOPSIG(status), ev = (unsigned)status >> 16;
	struct md_task *t = md_task_find(tid);
	unsigned long former;
	if (!t && ev == PTRACE_EVENT_EXEC && ptrace(PTRACE_GETEVENTMSG, tid, 0, &former) == 0 &&
	    (t = md_task_find((int)former))) /* a thread exec'd after its leader was reaped */
		t = md_task_rekey(t, tid);
	if (!t) {
		if (!(t = md_task_add(tid)))
			return;
		if (ev == PTRACE_EVENT_STOP) { /* a new task, stopped before its parent's event */
			t->state = MD_T_NEW;
			return;
		}
	}
	if (ev)
		on_event(t, ev, sig);
	else if (sig == (SIGTRAP | 0x80))
		on_syscall_stop(t);
	else
		resume(t, sig); /* a signal for the program */
}

/* ---- start ---- */

/* The child: waits until it is seized, installs the filter (its result
 * on `rep`), then runs the program. */
static void child(int go, int rep, char *const argv[])
{
	char c = 0;
	while (read(go, &c, 1) < 0 && errno == EINTR)
		;
	int err = c == 'T' ? md_filter_install() : 0;
	if (write(rep, &err, sizeof err) < 0)
		_exit(126);
	execvp(argv[0], argv);
	err = errno;
	fprintf(stderr, "mdtrace: cannot run %s: %s\n", argv[0], strerror(err));
	_exit(err == ENOENT ? 127 : 126);
}

static int wait_untraced(int pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 126;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int md_tracer_run(struct md_tracer_opts *o, char *const argv[], char *why, size_t n)
{
	int go[2], rep[2], err = 0, st;
	opt = o;
	why[0] = 0;
	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(rep, O_CLOEXEC) < 0) {
		snprintf(why, n, "cannot start %s: %s", argv[0], strerror(errno));
		return 126;
	}
	root_pid = fork();
	if (root_pid < 0) {
		snprintf(why, n, "cannot start %s: %s", argv[0], strerror(errno));
		return 126;
	}
	if (root_pid == 0)
		child(go[0], rep[1], argv);
	close(go[0]);
	close(rep[1]);
	if (!o->root) {
		char buf[MD_PATH_MAX];
		o->name(buf, sizeof buf, root_pid);
		o->root = strdup(buf);
	}
	if (ptrace(PTRACE_SEIZE, root_pid, 0, (void *)(long)OPTIONS) < 0) {
		snprintf(why, n, "ptrace refused (%s): %s runs untraced", strerror(errno), argv[0]);
		if (write(go[1], "U", 1) < 0)
			kill(root_pid, SIGKILL);
		close(go[1]);
		return wait_untraced(root_pid);
	}
	struct md_task *t = md_task_add(root_pid);
	if (write(go[1], "T", 1) < 0 || !t)
		kill(root_pid, SIGKILL);
	close(go[1]);
	if (read(rep[0], &err, sizeof err) == sizeof err && err < 0)
		all_stops = 1; /* no filter: stop at every call, slower, as complete */
	close(rep[0]);
	for (;;) {
		int tid = waitpid(-1, &st, __WALL);
		if (tid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (WIFSTOPPED(st))
			on_stop(tid, st);
		else
			on_gone(tid, st);
	}
	return root_status < 0 ? 126 : root_status;
}
