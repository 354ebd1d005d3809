/* walk.c - test-only reader of a trace (format.h): one line per committed
 * record, stopping at the first record that is not committed.  A record is
 * taken from the body, or from its ring slot when only the ring has it.
 *
 *   walk FILE          seq TYPE tid err a0..a5 ret nframes extra_len flags
 *                      then "# end records=N offset=O reason=R"
 *   walk -h FILE       the header, key=value
 *   walk -x SEQ FILE   the extra bytes of record SEQ, raw */
#define _GNU_SOURCE
#include "format.h"
#include <elf.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *names[MD_EV_MAX] = {
	[MD_EV_SEED] = "SEED", [MD_EV_MMAP] = "MMAP", [MD_EV_MUNMAP] = "MUNMAP",
	[MD_EV_MREMAP] = "MREMAP", [MD_EV_MPROTECT] = "MPROTECT",
	[MD_EV_PKEY_MPROTECT] = "PKEY_MPROTECT", [MD_EV_MADVISE] = "MADVISE",
	[MD_EV_POSIX_MADVISE] = "POSIX_MADVISE", [MD_EV_BRK] = "BRK", [MD_EV_SBRK] = "SBRK",
	[MD_EV_SHMAT] = "SHMAT", [MD_EV_SHMDT] = "SHMDT", [MD_EV_RECONCILE] = "RECONCILE",
	[MD_EV_FORK] = "FORK", [MD_EV_EXEC] = "EXEC", [MD_EV_MARK] = "MARK",
	[MD_EV_MODULE] = "MODULE", [MD_EV_BLIND] = "BLIND", [MD_EV_SELFTEST] = "SELFTEST",
	[MD_EV_END] = "END",
};

static void die(const char *m)
{
	fprintf(stderr, "walk: %s\n", m);
	exit(2);
}

static void header(const struct md_trace_header *h)
{
	printf("pid=%d\nppid=%d\nparent_seq=%" PRIu64 "\nflags=%u\nstack_depth=%u\n"
	       "reserved=%" PRIu64 "\ncommitted=%" PRIu64 "\nnext_seq=%" PRIu64 "\n"
	       "dropped=%" PRIu64 "\nparent_trace=%.*s\nexe=%.*s\n"
	       "header_size=%u\nring_off=%u\nring_size=%u\n",
	       h->pid, h->ppid, h->parent_seq, h->flags, h->stack_depth, h->reserved,
	       h->committed, h->next_seq, h->dropped, (int)sizeof h->parent_trace,
	       h->parent_trace, (int)sizeof h->exe, h->exe, h->header_size, h->ring_off,
	       h->ring_size);
}

static int is_rec(const struct md_rec *r, uint64_t off)
{
	return r->tag == MD_REC_TAG(off) && r->commit == MD_REC_COMMIT;
}

/* The record of body offset `off`: the body's, else the ring slot's. */
static const struct md_rec *find(const char *base, const struct md_trace_header *h, uint64_t off)
{
	const struct md_rec *r = (const void *)(base + off);
	uint64_t p;
	if (is_rec(r, off) || !h->ring_size)
		return r;
	p = (off - h->header_size) % h->ring_size;
	if (p + sizeof *r > h->ring_size)
		return r;
	r = (const void *)(base + h->ring_off + p);
	return is_rec(r, off) ? r : (const void *)(base + off);
}

int main(int argc, char **argv)
{
	int hdr_only = 0, fd;
	long want = -1;
	const char *path;
	struct stat st;
	const char *base;
	const struct md_trace_header *h;
	uint64_t off, n = 0;
	const char *reason = "eof";

	if (argc == 3 && !strcmp(argv[1], "-h"))
		hdr_only = 1;
	else if (argc == 4 && !strcmp(argv[1], "-x"))
		want = atol(argv[2]);
	else if (argc != 2)
		die("usage: walk [-h | -x SEQ] FILE");
	path = argv[argc - 1];
	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) < 0)
		die("cannot open the trace");
	if ((uint64_t)st.st_size < MD_TRACE_HEADER)
		die("short file");
	base = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (base == MAP_FAILED)
		die("cannot map");
	h = (const void *)base;
	if (memcmp(h->magic, MD_TRACE_MAGIC, 8) || h->version != MD_TRACE_VERSION)
		die("not a trace of this format version");
#if defined(__x86_64__)
	if (h->arch != EM_X86_64)
		die("foreign architecture");
#endif
	if (hdr_only) {
		header(h);
		return 0;
	}
	for (off = h->header_size;; n++) {
		const struct md_rec *r;
		const char *extra;
		if (off >= h->reserved) {
			reason = "end";
			break;
		}
		if (off + sizeof *r > (uint64_t)st.st_size) {
			reason = "eof";
			break;
		}
		r = find(base, h, off);
		if (!is_rec(r, off)) {
			reason = "uncommitted";
			break;
		}
		if (r->size < sizeof *r || r->size % 8 || r->size > MD_REC_MAX ||
		    off + r->size > (uint64_t)st.st_size ||
		    sizeof *r + 8ull * r->nframes + r->extra_len > r->size) {
			reason = "badsize";
			break;
		}
		extra = (const char *)(r + 1) + 8 * r->nframes;
		if (want >= 0) {
			if (r->seq == (uint64_t)want) {
				fwrite(extra, 1, r->extra_len, stdout);
				return 0;
			}
		} else {
			printf("%" PRIu64 " %s %u %d", r->seq,
			       r->type < MD_EV_MAX && names[r->type] ? names[r->type] : "?", r->tid,
			       r->err);
			for (int i = 0; i < 6; i++)
				printf(" 0x%" PRIx64, r->args[i]);
			printf(" 0x%" PRIx64 " %u %u %u\n", r->ret, r->nframes, r->extra_len, r->flags);
		}
		off += r->size;
	}
	if (want >= 0)
		die("no such record");
	printf("# end records=%" PRIu64 " offset=%" PRIu64 " reason=%s\n", n, off, reason);
	return 0;
}
