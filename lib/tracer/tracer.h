/* tracer.h - the ptrace backend: `mdtrace run --backend=ptrace` traces a
 * program from outside (mdtrace(1), BACKENDS).  A supervisor ptraces the
 * program and everything it starts; a seccomp filter stops only the
 * mapping system calls; each is recorded at its exit with its result and a
 * call stack (libunwind's ptrace unwinder), in the trace format and with
 * the file names of the preloaded library (mdtrace-trace(5)). */
#ifndef MD_TRACER_H
#define MD_TRACER_H
#include <stddef.h>

struct md_tracer_opts {
	char *root;           /* the first image's trace (absolute path, malloc'd);
			       * NULL: name(pid of the program) makes it */
	unsigned stacks;      /* call-stack depth, 0 for none */
	void (*name)(char *buf, size_t n, int pid);
};

/* Runs argv under the supervisor until every traced task has ended.
 * Returns the first process's status as a shell reports it (exit status,
 * or 128 + signal); 126/127 when the program cannot be run.  *why gets one
 * line when the program ran untraced (ptrace refused), else "". */
int md_tracer_run(struct md_tracer_opts *o, char *const argv[], char *why, size_t n);

#endif
