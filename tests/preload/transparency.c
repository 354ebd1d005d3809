/* transparency.c - mapping calls with valid and invalid arguments; prints
 * each call's result and errno.  Run plain and under the preloaded library:
 * the outputs must be identical (the kernel and glibc are the oracle).
 * Addresses are printed relative to the arena so runs compare.  errno is
 * set to a canary before every call: a successful call must leave it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CANARY 4321
static char *arena;   /* 64 pages reserved PROT_NONE: targets for MAP_FIXED */
static long pg;
static int exe_fd;    /* /proc/self/exe */

static void show_ptr(const char *what, void *p)
{
	int e = errno;
	if (p == MAP_FAILED)
		printf("%-44s MAP_FAILED errno=%d\n", what, e);
	else if ((char *)p >= arena && (char *)p < arena + 64 * pg)
		printf("%-44s arena+%ld errno=%d\n", what, (long)((char *)p - arena), e);
	else
		printf("%-44s ptr errno=%d\n", what, e);
}

static void show_int(const char *what, long r)
{
	printf("%-44s %ld errno=%d\n", what, r, errno);
}

#define P(what, call) do { errno = CANARY; void *p_ = (call); show_ptr(what, p_); } while (0)
#define I(what, call) do { errno = CANARY; long r_ = (long)(call); show_int(what, r_); } while (0)

static void t_mmap(void)
{
	int anon = MAP_PRIVATE | MAP_ANONYMOUS;
	P("mmap len 0", mmap(NULL, 0, PROT_READ, anon, -1, 0));
	P("mmap huge len", mmap(NULL, SIZE_MAX & ~(size_t)(pg - 1), PROT_READ, anon, -1, 0));
	P("mmap anon offset 1", mmap(NULL, pg, PROT_READ, anon, -1, 1));
	P("mmap anon offset 2048", mmap(NULL, pg, PROT_READ, anon, -1, 2048));
	P("mmap file bad fd", mmap(NULL, pg, PROT_READ, MAP_PRIVATE, 987, 0));
	P("mmap file offset 1", mmap(NULL, pg, PROT_READ, MAP_PRIVATE, exe_fd, 1));
	P("mmap no type flags", mmap(NULL, pg, PROT_READ, MAP_ANONYMOUS, -1, 0));
	P("mmap fixed unaligned", mmap(arena + 1, pg, PROT_READ, anon | MAP_FIXED, -1, 0));
	P("mmap fixed ok", mmap(arena, pg, PROT_READ | PROT_WRITE, anon | MAP_FIXED, -1, 0));
	P("mmap fixed_noreplace on live", mmap(arena, pg, PROT_READ, anon | MAP_FIXED_NOREPLACE, -1, 0));
	P("mmap fixed_noreplace partial", mmap(arena + pg * 63, 2 * pg, PROT_READ, anon | MAP_FIXED_NOREPLACE, -1, 0));
	P("mmap prot garbage", mmap(NULL, pg, 0x7fff0000, anon, -1, 0));
	P("mmap flags -1", mmap(NULL, pg, PROT_READ, -1, -1, 0));
	P("mmap64 fixed", mmap64(arena + pg, pg, PROT_READ, anon | MAP_FIXED, -1, 0));
	P("mmap shared anon fixed", mmap(arena + 2 * pg, pg, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	P("mmap /proc/self/exe", mmap(NULL, pg, PROT_READ, MAP_PRIVATE, exe_fd, 0));
}

static void t_munmap(void)
{
	I("munmap unaligned", munmap(arena + 1, pg));
	I("munmap len 0", munmap(arena, 0));
	I("munmap huge len", munmap(arena, SIZE_MAX));
	I("munmap ok", munmap(arena + 3 * pg, pg));
	I("munmap hole again", munmap(arena + 3 * pg, pg));
	I("munmap null", munmap(NULL, pg));
	I("munmap kernel address", munmap((void *)0xffff800000000000UL, pg));
}

static void t_mremap(void)
{
	char *a = arena + 8 * pg;
	mmap(a, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	mmap(a + 4 * pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	P("mremap flags 8", mremap(a, pg, pg, 8));
	P("mremap flags 0x80000000", mremap(a, pg, pg, (int)0x80000000u));
	P("mremap unaligned old", mremap(a + 1, pg, pg, 0));
	P("mremap newlen 0", mremap(a, pg, 0, 0));
	P("mremap fixed without maymove", mremap(a, pg, pg, MREMAP_FIXED, arena + 20 * pg));
	P("mremap grow in place blocked", mremap(a, 4 * pg, 6 * pg, 0));
	P("mremap shrink", mremap(a, 4 * pg, 2 * pg, 0));
	P("mremap maymove fixed", mremap(a, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, arena + 20 * pg));
	P("mremap fixed overlap", mremap(arena + 20 * pg, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, arena + 21 * pg));
	P("mremap dontunmap fixed", mremap(arena + 20 * pg, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_DONTUNMAP | MREMAP_FIXED, arena + 30 * pg));
	P("mremap dontunmap size change", mremap(arena + 20 * pg, 2 * pg, 3 * pg, MREMAP_MAYMOVE | MREMAP_DONTUNMAP));
	P("mremap unmapped old", mremap(arena + 50 * pg, pg, pg, 0));
}

static void t_mprotect(void)
{
	I("mprotect unaligned", mprotect(arena + 1, pg, PROT_READ));
	I("mprotect reserved", mprotect(arena + 50 * pg, pg, PROT_READ));
	I("mprotect hole", mprotect(arena + 3 * pg, pg, PROT_READ));
	I("mprotect bad prot", mprotect(arena, pg, 0x1000));
	I("mprotect ok", mprotect(arena, pg, PROT_READ));
	I("mprotect len 0", mprotect(arena, 0, PROT_READ));
	I("pkey_mprotect pkey -1", pkey_mprotect(arena, pg, PROT_READ | PROT_WRITE, -1));
	I("pkey_mprotect pkey 15 unallocated", pkey_mprotect(arena, pg, PROT_READ, 15));
	I("pkey_mprotect unaligned", pkey_mprotect(arena + 1, pg, PROT_READ, -1));
}

static void t_madvise(void)
{
	I("madvise bad advice", madvise(arena, pg, 999));
	I("madvise unaligned", madvise(arena + 1, pg, MADV_DONTNEED));
	I("madvise dontneed", madvise(arena, pg, MADV_DONTNEED));
	I("madvise hole", madvise(arena + 3 * pg, pg, MADV_WILLNEED));
	I("madvise dontfork", madvise(arena, pg, MADV_DONTFORK));
	I("madvise free", madvise(arena, pg, MADV_FREE));
	I("madvise len 0", madvise(arena, 0, MADV_NORMAL));
	I("posix_madvise dontneed unmapped", posix_madvise(arena + 50 * pg, pg, POSIX_MADV_DONTNEED));
	I("posix_madvise bad advice", posix_madvise(arena, pg, 999));
	I("posix_madvise unaligned", posix_madvise(arena + 1, pg, POSIX_MADV_WILLNEED));
	I("posix_madvise hole", posix_madvise(arena + 3 * pg, pg, POSIX_MADV_RANDOM));
	I("posix_madvise ok", posix_madvise(arena, pg, POSIX_MADV_SEQUENTIAL));
}

static void on_sig(int sig)
{
	(void)sig;
}

/* The signal functions the library reimplements (hooks_signal.c). */
static void t_signal(void)
{
	struct sigaction sa = { .sa_handler = on_sig }, old;
	sigset_t set, now;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	I("sigaction 0", sigaction(0, &sa, NULL));
	I("sigaction 65", sigaction(65, &sa, NULL));
	I("sigaction SIGCANCEL (32)", sigaction(32, &sa, NULL));
	I("sigaction SIGKILL", sigaction(SIGKILL, &sa, NULL));
	I("sigaction SIGUSR1", sigaction(SIGUSR1, &sa, NULL));
	I("sigaction SIGUSR1 read back", sigaction(SIGUSR1, NULL, &old));
	printf("%-44s %d %d %#x\n", "  handler, SIGUSR2 in mask, flags", old.sa_handler == on_sig,
	       sigismember(&old.sa_mask, SIGUSR2), (unsigned)old.sa_flags);
	I("sigprocmask bad how", sigprocmask(99, &set, NULL));
	I("sigprocmask block", sigprocmask(SIG_BLOCK, &set, NULL));
	I("sigprocmask read", sigprocmask(SIG_BLOCK, NULL, &now));
	printf("%-44s %d\n", "  SIGUSR1 blocked", sigismember(&now, SIGUSR1));
	I("sigprocmask unblock", sigprocmask(SIG_UNBLOCK, &set, NULL));
	I("pthread_sigmask bad how", pthread_sigmask(99, &set, NULL));
	I("pthread_sigmask setmask", pthread_sigmask(SIG_SETMASK, &set, &now));
	I("pthread_sigmask unblock", pthread_sigmask(SIG_UNBLOCK, &set, NULL));
}

static void t_shm(void)
{
	int id = shmget(IPC_PRIVATE, 3 * (size_t)pg, IPC_CREAT | 0600);
	if (id < 0) {
		printf("shmget failed errno=%d\n", errno);
		return;
	}
	P("shmat bad id", shmat(-1, NULL, 0));
	P("shmat unaligned", shmat(id, arena + 1, 0));
	P("shmat fixed live no remap", shmat(id, arena + 8 * pg, 0));
	P("shmat fixed remap", shmat(id, arena + 40 * pg, SHM_REMAP));
	P("shmat anywhere rdonly", shmat(id, NULL, SHM_RDONLY));
	I("shmdt not attached", shmdt(arena + 30 * pg));
	I("shmdt unaligned", shmdt(arena + 40 * pg + 1));
	I("shmdt ok", shmdt(arena + 40 * pg));
	shmctl(id, IPC_RMID, NULL);
}

static void t_syscall(void)
{
	I("syscall getpid", syscall(SYS_getpid) == getpid());
	I("syscall gettid", syscall(SYS_gettid) == gettid());
	I("syscall bogus number", syscall(99999));
	I("syscall munmap unaligned", syscall(SYS_munmap, arena + 1, pg));
	I("syscall mprotect ok", syscall(SYS_mprotect, arena, pg, PROT_READ));
	I("syscall madvise bad", syscall(SYS_madvise, arena, pg, 999));
	errno = CANARY;
	long r = syscall(SYS_mmap, arena + 45 * pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	show_int("syscall mmap fixed (== arena+45p)", r == (long)(arena + 45 * pg));
	I("syscall mmap offset 1", syscall(SYS_mmap, 0, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1));
	I("syscall mremap flags 8", syscall(SYS_mremap, arena + 45 * pg, pg, pg, 8, 0));
	I("syscall shmdt bad", syscall(SYS_shmdt, arena + 1));
	I("syscall brk 0 == sbrk(0)", syscall(SYS_brk, 0) == (long)sbrk(0));
	I("syscall write", syscall(SYS_write, 1, "", 0));
}

static void t_brk(void)
{
	void *cur = sbrk(0);
	I("brk current", brk(cur));
	I("brk below start", brk((void *)4096));
	I("brk unchanged after failure", sbrk(0) == cur);
	I("sbrk huge", sbrk(INTPTR_MAX) == (void *)-1);
}

int main(void)
{
	pg = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IONBF, 0);
	arena = mmap(NULL, 64 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED)
		return 1;
	exe_fd = open("/proc/self/exe", O_RDONLY);
	if (exe_fd < 0)
		return 1;
	t_mmap();
	t_munmap();
	t_mremap();
	t_mprotect();
	t_madvise();
	t_shm();
	t_signal();
	t_syscall();
	t_brk();
	return 0;
}
