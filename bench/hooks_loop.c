/* hooks_loop.c - the work whose slowdown under mdtrace `make bench`
 * reports: "maps" = an mmap/mprotect/mremap/munmap loop, "malloc" = large
 * and small allocations that make libc map and trim memory itself,
 * "inline" = the maps loop with the program's own `syscall` instructions
 * (each call trapped by syscall user dispatch under mdtrace).
 * Prints the time it took in nanoseconds.  Linked with loop_ucm.c or
 * loop_mdtrace.c (bench_events.sh), it first installs that file's event
 * handler, and prints the events it counted on the line before. */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include "loop_handler.h"
#include "sys.h"

/* Defined by loop_ucm.c and loop_mdtrace.c only: weak here. */
#pragma weak loop_handler_install
#pragma weak loop_handler_count

static long long now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void maps_loop(long n)
{
	for (long i = 0; i < n; i++) {
		char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		/* the whole block: mremap needs its old range in one mapping */
		mprotect(p, 8192, PROT_READ);
		p = mremap(p, 8192, 16384, MREMAP_MAYMOVE);
		if (p == MAP_FAILED || munmap(p, 16384) != 0) {
			perror("hooks_loop");
			exit(1);
		}
	}
}

/* the program's own `syscall` instruction (sys.h outside the library) */
#define raw md_syscall6

static void inline_loop(long n)
{
	for (long i = 0; i < n; i++) {
		long p = raw(SYS_mmap, 0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			     -1, 0);
		raw(SYS_mprotect, p, 8192, PROT_READ, 0, 0, 0);
		p = raw(SYS_mremap, p, 8192, 16384, MREMAP_MAYMOVE, 0, 0);
		if (p < 0 || raw(SYS_munmap, p, 16384, 0, 0, 0, 0) != 0) {
			fprintf(stderr, "hooks_loop: inline: %ld\n", p);
			exit(1);
		}
	}
}

static void malloc_loop(long n)
{
	void *keep[16] = {0};
	/* a fixed threshold (as MPI and RDMA stacks set it): every large block
	 * is an mmap and a munmap inside libc, which is what the hooks see */
	mallopt(M_MMAP_THRESHOLD, 128 << 10);
	for (long i = 0; i < n; i++) {
		size_t big = (size_t)(256 + (i % 8) * 64) << 10; /* above the mmap threshold */
		void *p = malloc(big);
		((char *)p)[0] = 1;
		__asm__ volatile("" : : "r"(p) : "memory"); /* or GCC elides the pair */
		free(p);
		free(keep[i % 16]);
		keep[i % 16] = malloc((size_t)(i % 4096) + 16);
	}
	for (int i = 0; i < 16; i++)
		free(keep[i]);
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "maps";
	long n = argc > 2 ? atol(argv[2]) : 100000;
	if (loop_handler_install)
		loop_handler_install();
	long long t0 = now();
	if (!strcmp(what, "malloc"))
		malloc_loop(n);
	else if (!strcmp(what, "inline"))
		inline_loop(n);
	else
		maps_loop(n);
	long long t = now() - t0;
	if (loop_handler_count)
		printf("events %llu\n", loop_handler_count());
	printf("%lld\n", t);
	return 0;
}
