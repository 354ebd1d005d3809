/* fds.h - the library's own file descriptors (fds.c): the trace file,
 * /proc/self/maps, /proc/self/fd (for md_fd_path, prim.h), libunwind's
 * validation pipe. */
#ifndef MD_FDS_H
#define MD_FDS_H

/* fd moved to a high number (close-on-exec), where programs do not look;
 * the old number is closed.  Returns the new fd, or fd if it cannot move. */
int md_fd_high(int fd);
/* /proc/self/maps, open at a high number for as long as the process runs
 * (read it from offset 0 each time); -errno.  Call with md_order_lock. */
int md_fd_maps(void);
/* In a fork child: /proc/self/maps names the parent; open it again. */
void md_fds_child(void);
/* close, close_range, dup2 or dup3 (system call n) as the program asked,
 * around the library's descriptors; tool: the library (libunwind) asks.
 * The kernel's result. */
long md_fd_call(long n, long a, long b, long c, int tool);
/* Patches libc's close, close_range, dup2 and dup3 (after md_active). */
void md_fd_hooks_install(void);

#endif
