/* remote.h - what the supervisor reads of a traced task from /proc. */
#ifndef MD_REMOTE_H
#define MD_REMOTE_H
#include <stddef.h>
#include <stdint.h>
#include "format.h"

/* /proc/PID/maps, whole (malloc'd, *len bytes, NUL after them), or NULL. */
char *md_remote_maps(int pid, size_t *len);
/* The header fields a preloaded library takes from itself: ppid, start
 * time, RLIMIT_STACK, the heap start, /proc/PID/exe, the stack depth. */
void md_remote_header(struct md_trace_header *h, int pid, unsigned stacks);
/* The heap start (start_brk of /proc/PID/stat), 0 if unknown. */
uint64_t md_remote_start_brk(int pid);
/* The thread group of tid, or -1. */
int md_remote_tgid(int tid);
/* fd's identity in pid (dev, ino, mode) and its path (path_len bytes). */
void md_remote_file(int pid, int fd, struct md_file_id *id, char *path, size_t cap);
/* The device of the mapping that starts at addr in a maps text, with
 * MD_SHM_DEV_KNOWN; 0 when no mapping starts there. */
uint64_t md_remote_dev_at(const char *maps, size_t len, uint64_t addr);

#endif
