/* shrink.c - one error line for a trace cut while mapped (see shrink.h).
 * The handler only reads the slots and calls write and _exit, both
 * async-signal-safe; stdout is not flushed (the fault may be inside
 * stdio), so the output stops where the cut was found. */
#define _GNU_SOURCE
#include "shrink.h"
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SLOTS 64 /* open traces at once: a parent chain is at most 32 */

static struct slot {
	const char *base; /* NULL: free */
	size_t size;
	char path[1024];
} slots[SLOTS];
static struct sigaction previous;
static int installed;

static void say(const char *s)
{
	ssize_t r = write(2, s, strlen(s));
	(void)r;
}

static void say_cut(const char *path)
{
	say("mdtrace: ");
	say(path);
	say(": the trace was cut shorter while being read (truncated by another process)\n");
}

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	const char *a = si->si_addr;
	for (int i = 0; i < SLOTS; i++) {
		const char *b = __atomic_load_n(&slots[i].base, __ATOMIC_ACQUIRE);
		if (b && a >= b && (size_t)(a - b) < slots[i].size) {
			say_cut(slots[i].path);
			_exit(1);
		}
	}
	/* not a trace: the fault repeats under the handler there was before */
	sigaction(sig, &previous, NULL);
	(void)uc;
}

static void install(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &previous) == 0)
		installed = 1;
}

void md_shrink_watch(const void *base, size_t size, const char *path)
{
	if (!installed)
		install();
	for (int i = 0; i < SLOTS; i++)
		if (!__atomic_load_n(&slots[i].base, __ATOMIC_ACQUIRE)) {
			slots[i].size = size;
			snprintf(slots[i].path, sizeof slots[i].path, "%s", path);
			__atomic_store_n(&slots[i].base, (const char *)base, __ATOMIC_RELEASE);
			return;
		}
}

void md_shrink_unwatch(const void *base)
{
	for (int i = 0; i < SLOTS; i++)
		if (__atomic_load_n(&slots[i].base, __ATOMIC_ACQUIRE) == base)
			__atomic_store_n(&slots[i].base, NULL, __ATOMIC_RELEASE);
}

void md_shrink_check(int fd, size_t size, uint64_t need, const char *path)
{
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && (uint64_t)st.st_size < size &&
	    (uint64_t)st.st_size < need) {
		fflush(stdout);
		say_cut(path);
		exit(1);
	}
}
