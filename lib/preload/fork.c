/* fork.c - fork and exec: the child of a fork switches to its own trace;
 * an exec records MD_EV_EXEC and passes the tracing environment on.
 *
 * FORK (in the parent): ret the child pid (or -1 with err); args[0] is 1
 * when the fork did not come through fork()/_Fork() and the pid is unknown.
 * The event number is taken in the atfork prepare handler, under the order
 * lock, and handed to the child as header.parent_seq.
 *
 * EXEC: written before the call; extra the path; args[0] the calling pid
 * (differs from the header's in a vfork child), args[1] 1 for posix_spawn*
 * (a new process runs the image), args[2] the fd of fexecve (else -1).
 * A call that fails is followed by a second EXEC record with ret -1 and
 * err; posix_spawn's single record is written after the call with ret the
 * child pid.  The new image learns its parent trace from MDTRACE_PARENT
 * and MDTRACE_PARENT_SEQ. */
#define _GNU_SOURCE
#include "writer.h"
#include "sud.h"
#include "fds.h"
#include "sys.h"
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <spawn.h>
#include <stdarg.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* glibc declares these arguments nonnull; programs pass NULL anyway. */
#pragma GCC diagnostic ignored "-Wnonnull-compare"

extern char **environ;

static pid_t (*real_fork)(void);
static pid_t (*real__Fork)(void);
static int (*real_execve)(const char *, char *const[], char *const[]);
static int (*real_execvpe)(const char *, char *const[], char *const[]);
static int (*real_fexecve)(int, char *const[], char *const[]);
static int (*real_clone)(int (*)(void *), void *, int, void *, ...);
static int (*real_spawn)(pid_t *, const char *, const posix_spawn_file_actions_t *,
			 const posix_spawnattr_t *, char *const[], char *const[]);
static int (*real_spawnp)(pid_t *, const char *, const posix_spawn_file_actions_t *,
			  const posix_spawnattr_t *, char *const[], char *const[]);

static void resolve(void);

static __thread uint64_t fork_seq;
static __thread int in_fork;
static char self_path[MD_PATH_MAX];

/* ---- fork ---- */

static void prepare(void)
{
	md_order_lock();
	fork_seq = md_active ? md_seq_take() : 0;
}

static __attribute__((noinline)) void emit_fork(uint64_t seq, long pid, int err, int unknown)
{
	struct md_emit e = { .type = MD_EV_FORK, .err = err, .ret = (uint64_t)pid };
	uint64_t frames[MD_STACK_MAX];
	unsigned n;
	e.args[0] = (uint64_t)unknown;
	md_in_hook++;
	n = md_stack(frames, md_stack_depth, 3);
	md_in_hook--;
	md_emit_at(&e, frames, n, seq, 0);
}

static void parent(void)
{
	if (fork_seq && !in_fork)
		emit_fork(fork_seq, 0, 0, 1);
	md_order_unlock();
}

static void child(void)
{
	char ptrace[MD_PATH_MAX];
	uint32_t len;
	md_tid_reset();
	md_lock_child_reset();
	md_fds_child();
	if (md_sud_on)
		md_sud_arm();
	if (!md_active || !md_writer_ready())
		return;
	md_strlcpy(ptrace, md_writer_path(), sizeof ptrace);
	if (md_writer_create(MD_TRACE_FORK_CHILD, ptrace, fork_seq) < 0) {
		md_active = 0;
		return;
	}
	md_emit_seed(&len);
	md_order_lock();
	md_emit_modules(1);
	md_order_unlock();
}

static __attribute__((noinline)) pid_t after_fork(pid_t p, int err)
{
	if (p != 0 && fork_seq)
		emit_fork(fork_seq, p, p < 0 ? err : 0, 0);
	in_fork = 0;
	errno = err;
	return p;
}

MD_PUBLIC pid_t fork(void)
{
	pid_t p;
	if (!real_fork)
		resolve();
	in_fork = 1;
	p = real_fork();
	return after_fork(p, errno);
}

/* _Fork runs no atfork handlers: do their work here. */
MD_PUBLIC pid_t _Fork(void)
{
	pid_t p;
	if (!real__Fork)
		resolve();
	if (!real__Fork) {
		errno = ENOSYS;
		return -1;
	}
	in_fork = 1;
	prepare();
	p = real__Fork();
	if (p == 0) {
		child();
		in_fork = 0;
		return 0;
	}
	md_order_unlock();
	return after_fork(p, errno);
}

/* A fork without fork(): the libc clone() wrapper or a raw fork/clone
 * system call without CLONE_VM.  No atfork handler runs, so do their work
 * here, as _Fork does. */
struct clone_wrap {
	int (*fn)(void *);
	void *arg;
};

static int clone_child(void *p)
{
	struct clone_wrap *w = p; /* our stack frame, copied into the child */
	child();
	in_fork = 0;
	return w->fn(w->arg);
}

MD_PUBLIC int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
	struct clone_wrap w = { fn, arg };
	int saved = errno, p;
	va_list ap;
	pid_t *ptid, *ctid;
	void *tls;

	/* glibc's wrapper passes these on whether or not flags use them */
	va_start(ap, arg);
	ptid = va_arg(ap, pid_t *);
	tls = va_arg(ap, void *);
	ctid = va_arg(ap, pid_t *);
	va_end(ap);
	if (!real_clone)
		resolve();
	if (flags & CLONE_VM)
		return real_clone(fn, stack, flags, arg, ptid, tls, ctid);
	in_fork = 1;
	prepare();
	p = real_clone(clone_child, stack, flags, &w, ptid, tls, ctid);
	if (p < 0)
		saved = errno;
	md_order_unlock();
	return after_fork(p, saved);
}

long md_fork_raw(long n, long a, long b, long c, long d, long e, long f);

/* A fork by a raw system call: from the syscall() stub (SYS_fork, SYS_clone
 * without CLONE_VM and without a new stack) and from a trapped call
 * (sud.c).  The child returns here on a copy of this stack; the result is
 * the kernel's, errno untouched. */
long md_fork_sys(long n, long a, long b, long c, long d, long e, long f)
{
	int saved = errno;
	long r;
	in_fork = 1;
	prepare();
	r = md_syscall6(n, a, b, c, d, e, f);
	if (r == 0) {
		child();
		in_fork = 0;
		errno = saved;
		return 0;
	}
	md_order_unlock();
	after_fork(r < 0 && r > -4096 ? -1 : (pid_t)r, r < 0 && r > -4096 ? (int)-r : saved);
	errno = saved;
	return r;
}

long md_fork_raw(long n, long a, long b, long c, long d, long e, long f)
{
	long r = md_fork_sys(n, a, b, c, d, e, f);
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* The child of a fork by md_fork_sys that started on a new stack (a
 * trapped clone, sud.c) and so did not return through md_fork_sys. */
void md_fork_child_raw(void)
{
	child();
	in_fork = 0;
}

/* ---- exec ---- */

static int has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int ours(const char *s)
{
	static const char *const names[] = { "MDTRACE_OUTPUT=", "MDTRACE_STACKS=",
					     "MDTRACE_PARENT=", "MDTRACE_PARENT_SEQ=" };
	for (unsigned i = 0; i < sizeof names / sizeof *names; i++)
		if (has_prefix(s, names[i]))
			return 1;
	return 0;
}

struct envfix {
	char out[4][MD_PATH_MAX + 32];
	char preload[8192];
};

static void set_var(char *dst, const char *name, const char *val)
{
	md_strlcpy(dst, name, MD_PATH_MAX + 32);
	md_strlcat(dst, val, MD_PATH_MAX + 32);
}

/* LD_PRELOAD for the new image: theirs if it already names us, theirs plus
 * us if not, ours from start-up when they dropped it. */
static void fix_preload(char *dst, size_t cap, const char *theirs)
{
	md_strlcpy(dst, "LD_PRELOAD=", cap);
	if (theirs && self_path[0] && strstr(theirs, self_path)) {
		md_strlcat(dst, theirs, cap);
	} else if (theirs && *theirs) {
		md_strlcat(dst, theirs, cap);
		md_strlcat(dst, ":", cap);
		md_strlcat(dst, self_path, cap);
	} else {
		md_strlcat(dst, md_env_preload && *md_env_preload ? md_env_preload : self_path, cap);
	}
}

static size_t env_count(char *const *envp)
{
	size_t n = 0;
	while (envp && envp[n])
		n++;
	return n;
}

/* Fills `out` (room for env_count + 6) from envp with our variables set. */
static char **env_fix(char **out, struct envfix *f, char *const *envp, uint64_t seq)
{
	const char *theirs = NULL;
	char num[24];
	size_t k = 0;
	for (size_t i = 0; envp && envp[i]; i++) {
		if (has_prefix(envp[i], "LD_PRELOAD="))
			theirs = envp[i] + 11;
		else if (!ours(envp[i]))
			out[k++] = envp[i];
	}
	set_var(f->out[0], "MDTRACE_OUTPUT=", md_root);
	set_var(f->out[1], "MDTRACE_STACKS=", md_utoa(num, md_stack_depth));
	set_var(f->out[2], "MDTRACE_PARENT=", md_writer_path());
	set_var(f->out[3], "MDTRACE_PARENT_SEQ=", md_utoa(num, seq));
	fix_preload(f->preload, sizeof f->preload, theirs);
	for (int i = 0; i < 4; i++)
		out[k++] = f->out[i];
	out[k++] = f->preload;
	out[k] = NULL;
	return out;
}

static uint64_t take_seq(void)
{
	uint64_t s;
	md_order_lock();
	s = md_seq_take();
	md_order_unlock();
	return s;
}

static __attribute__((noinline)) void emit_exec(uint64_t seq, const char *path, int spawn, int fd, long ret, int err)
{
	struct md_emit e = { .type = MD_EV_EXEC, .err = err, .ret = (uint64_t)ret };
	uint64_t frames[MD_STACK_MAX];
	unsigned n;
	e.args[0] = (uint64_t)md_getpid();
	e.args[1] = (uint64_t)spawn;
	e.args[2] = (uint64_t)(int64_t)fd;
	e.extra = path;
	e.extra_len = path ? (uint32_t)strnlen(path, MD_PATH_MAX) : 0;
	md_in_hook++;
	n = md_stack(frames, md_stack_depth, 3);
	md_in_hook--;
	md_emit_at(&e, frames, n, seq, (int)md_syscall6(SYS_gettid, 0, 0, 0, 0, 0, 0));
}

/* A memory-only trace passes nothing on: the new image starts its own
 * capture if it links libmdtrace. */
static int tracing(void)
{
	return md_active && md_writer_ready() && !md_memory_only;
}

/* The exec paths share one shape: record, trim the file (the image may be
 * gone in a moment), call with the fixed environment, record a failure. */
enum { X_EXECVE, X_EXECVPE, X_FEXECVE };

static __attribute__((noinline)) int do_exec(int how, const char *path, int fd, char *const argv[], char *const envp[])
{
	char fdpath[MD_PATH_MAX];
	uint64_t seq;
	size_t n;
	int r, err;

	if (!real_execve)
		resolve();
	if (!tracing() || (n = env_count(envp)) > 65536)
		goto plain;
	if (how == X_FEXECVE) {
		fdpath[md_fd_path(fd, fdpath, sizeof fdpath - 1)] = 0;
		path = fdpath;
	}
	{
		char *env[n + 6];
		struct envfix f;
		seq = take_seq();
		emit_exec(seq, path, 0, how == X_FEXECVE ? fd : -1, 0, 0);
		md_writer_trim();
		env_fix(env, &f, envp, seq);
		if (how == X_EXECVE)
			r = real_execve(path, argv, env);
		else if (how == X_EXECVPE)
			r = real_execvpe(path, argv, env);
		else
			r = real_fexecve(fd, argv, env);
		err = errno;
		emit_exec(0, path, 0, how == X_FEXECVE ? fd : -1, -1, err);
		errno = err;
		return r;
	}
plain:
	if (how == X_EXECVE)
		return real_execve(path, argv, envp);
	if (how == X_EXECVPE)
		return real_execvpe(path, argv, envp);
	return real_fexecve(fd, argv, envp);
}

MD_PUBLIC int execve(const char *path, char *const argv[], char *const envp[])
{
	return do_exec(X_EXECVE, path, -1, argv, envp);
}

/* A trapped execve (sud.c): the kernel's result, errno untouched. */
long md_execve_sys(const char *path, char *const argv[], char *const envp[])
{
	int saved = errno;
	long r = do_exec(X_EXECVE, path, -1, argv, envp);
	if (r < 0)
		r = -errno;
	errno = saved;
	return r;
}

MD_PUBLIC int execv(const char *path, char *const argv[])
{
	return do_exec(X_EXECVE, path, -1, argv, environ);
}

MD_PUBLIC int execvpe(const char *file, char *const argv[], char *const envp[])
{
	return do_exec(X_EXECVPE, file, -1, argv, envp);
}

MD_PUBLIC int execvp(const char *file, char *const argv[])
{
	return do_exec(X_EXECVPE, file, -1, argv, environ);
}

MD_PUBLIC int fexecve(int fd, char *const argv[], char *const envp[])
{
	return do_exec(X_FEXECVE, NULL, fd, argv, envp);
}

static size_t count_args(va_list ap)
{
	size_t n = 1;
	while (va_arg(ap, char *))
		n++;
	return n;
}

/* execl*: the list becomes an array on the stack (no malloc: these may run
 * in a vfork child).  `ap` starts after `arg`; with_env reads execle's
 * envp after the terminating NULL. */
static int exec_list(int kind, const char *path, const char *arg, va_list ap, int with_env)
{
	va_list cp;
	va_copy(cp, ap);
	size_t n = arg ? count_args(cp) : 0;
	char *const *envp = with_env ? va_arg(cp, char *const *) : environ;
	va_end(cp);
	char *argv[n + 1];
	argv[0] = (char *)arg;
	for (size_t i = 1; i < n; i++)
		argv[i] = va_arg(ap, char *);
	argv[n] = NULL;
	return do_exec(kind, path, -1, argv, envp);
}

MD_PUBLIC int execl(const char *path, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	int r = exec_list(X_EXECVE, path, arg, ap, 0);
	va_end(ap);
	return r;
}

MD_PUBLIC int execlp(const char *file, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	int r = exec_list(X_EXECVPE, file, arg, ap, 0);
	va_end(ap);
	return r;
}

MD_PUBLIC int execle(const char *path, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	int r = exec_list(X_EXECVE, path, arg, ap, 1);
	va_end(ap);
	return r;
}

static int do_spawn(int p, pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		    const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	size_t n;
	pid_t child = -1;
	int r;
	if (!real_spawn)
		resolve();
	if (!tracing() || (n = env_count(envp)) > 65536)
		return (p ? real_spawnp : real_spawn)(pid, path, fa, attr, argv, envp);
	{
		char *env[n + 6];
		struct envfix f;
		uint64_t seq = take_seq();
		int saved = errno;
		env_fix(env, &f, envp, seq);
		r = (p ? real_spawnp : real_spawn)(&child, path, fa, attr, argv, env);
		emit_exec(seq, path, 1, -1, r ? -1 : child, r);
		if (pid && !r)
			*pid = child;
		errno = saved;
		return r;
	}
}

MD_PUBLIC int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
			  const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return do_spawn(0, pid, path, fa, attr, argv, envp);
}

MD_PUBLIC int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
			   const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	return do_spawn(1, pid, file, fa, attr, argv, envp);
}

/* ---- set-up ---- */

#define REAL(var, name) var = (__typeof__(var))dlsym(RTLD_NEXT, name)

static void resolve(void)
{
	REAL(real_fork, "fork");
	REAL(real__Fork, "_Fork");
	REAL(real_execve, "execve");
	REAL(real_execvpe, "execvpe");
	REAL(real_fexecve, "fexecve");
	REAL(real_clone, "clone");
	REAL(real_spawn, "posix_spawn");
	REAL(real_spawnp, "posix_spawnp");
}

void md_fork_init(void)
{
	Dl_info di;
	resolve();
	if (dladdr((void *)md_fork_init, &di) && di.dli_fname)
		md_strlcpy(self_path, di.dli_fname, sizeof self_path);
	pthread_atfork(prepare, parent, child);
}
