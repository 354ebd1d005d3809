/* code.c - which parts of an image hold code, so that the unwinder's
 * caches (unwind.c) are kept until code is unmapped or replaced, not
 * dropped at every mapping change: rebuilding them costs a read of the
 * maps and of every object's unwind tables, a hundred times the stop. */
#define _GNU_SOURCE
#include "tasks.h"
#include "remote.h"
#include "table.h"
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

void md_code_seed(struct md_image *img, const char *maps, size_t len)
{
	static struct md_maps_line l;
	const char *end = maps + len;
	unsigned n = 0, cap = 0;
	struct md_code *c = NULL;
	for (const char *p = maps; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (md_maps_parse(p, nl, &l) == 0 && (l.prot & PROT_EXEC)) {
			if (n == cap) {
				struct md_code *nc = realloc(c, (cap = cap ? 2 * cap : 64) * sizeof *c);
				if (!nc)
					break;
				c = nc;
			}
			c[n++] = (struct md_code){ l.lo, l.hi };
		}
		p = nl + 1;
	}
	free(img->code);
	img->code = c;
	img->ncode = n;
}

static int holds_code(const struct md_image *img, uint64_t lo, uint64_t len)
{
	for (unsigned i = 0; i < img->ncode; i++)
		if (lo < img->code[i].hi && img->code[i].lo < lo + len)
			return 1;
	return 0;
}

static void reread(struct md_image *img, int tid)
{
	size_t len = 0;
	char *maps = md_remote_maps(tid, &len);
	if (maps)
		md_code_seed(img, maps, len);
	free(maps);
}

void md_code_note(struct md_image *img, int tid, long nr, const uint64_t *args, long r)
{
	int gone = 0, added = 0;
	switch (nr) {
	case SYS_mmap:
		gone = (args[3] & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && holds_code(img, (uint64_t)r, args[1]);
		added = (args[2] & PROT_EXEC) != 0;
		break;
	case SYS_munmap:
	case SYS_mremap:
		gone = holds_code(img, args[0], args[1]);
		break;
	case SYS_mprotect:
	case SYS_pkey_mprotect:
		gone = holds_code(img, args[0], args[1]);
		added = (args[2] & PROT_EXEC) != 0;
		break;
	case SYS_shmat:
	case SYS_shmdt:
		gone = added = 1; /* rare: assume the worst */
		break;
	}
	if (gone)
		img->gen++;
	if (gone || added)
		reread(img, tid);
}
