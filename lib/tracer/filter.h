/* filter.h - the seccomp filter of the ptrace backend: the system calls
 * the supervisor must see stop (SECCOMP_RET_TRACE), every other runs at
 * full speed (the technique of strace --seccomp-bpf). */
#ifndef MD_FILTER_H
#define MD_FILTER_H

/* Installs the filter in the calling process (the child, before exec):
 * 0 or -errno.  It stops events.def's mapping calls (its NR column),
 * unseen.def's calls, and every call of a foreign ABI (x32, i386), whose
 * numbers mean other calls. */
int md_filter_install(void);

/* Whether nr is one of unseen.def's calls; its blind text in *text. */
int md_filter_unseen(long nr, const char **text, unsigned *bit);

#endif
