/* model.h - the oracle for the randomized table test: a plain array with
 * one entry per page of a window of the address space, written directly
 * from mdtrace-verdicts(7).  Deliberately slow and obvious; it shares no code with
 * lib/core.
 *
 * Addresses and lengths are bytes; starts are page aligned and lengths are
 * rounded up to pages the way the kernel does.  Every operation describes a
 * call the kernel accepted, inside the window. */
#ifndef MODEL_H
#define MODEL_H
#include <stddef.h>
#include <stdint.h>

enum model_kind {
	MK_ANON_PRIVATE = 1,
	MK_ANON_SHARED,
	MK_FILE_SHARED,
	MK_FILE_PRIVATE,
	MK_SHM,
	MK_HEAP,
};

enum { MF_DONTFORK = 1, MF_WIPEONFORK = 2 };

enum model_advice {
	MA_DONTFORK, MA_DOFORK, MA_WIPEONFORK, MA_KEEPONFORK,
	MA_DONTNEED, MA_FREE, MA_REMOVE, MA_WILLNEED,
};

enum { MODEL_NFILES = 3, MODEL_NSHM = 3 };

struct mpage {
	uint64_t obj;   /* model object id, 0 when unmapped */
	uint64_t off;   /* byte offset in obj */
	uint8_t prot, kind, flags;
};

struct model {
	uint64_t base;
	size_t npages;
	unsigned psz;
	int dma;                          /* policy dma */
	struct mpage *pg;
	uint64_t next_obj;
	uint64_t file_obj[MODEL_NFILES];  /* shared file objects, 0: not yet */
	uint64_t shm_obj[MODEL_NSHM];
	uint64_t shm_size[MODEL_NSHM];    /* bytes, page rounded */
	uint64_t heap_start, brk;         /* brk is the byte value */
};

void model_init(struct model *m, uint64_t base, size_t npages, unsigned psz, int dma);
void model_free(struct model *m);
void model_copy(struct model *dst, const struct model *src);
int model_kind_shared(unsigned kind);
/* True when obj is a file's own object (it exists from the file's first use
 * anywhere, so its id need not be newer than later objects). */
int model_obj_is_file(const struct model *m, uint64_t obj);

size_t model_page(const struct model *m, uint64_t addr);
uint64_t model_addr(const struct model *m, size_t page);
uint64_t model_pages(const struct model *m, uint64_t len);

void model_map(struct model *m, uint64_t start, uint64_t len, unsigned prot,
	       unsigned kind, unsigned file, uint64_t off);
void model_unmap(struct model *m, uint64_t start, uint64_t len);
void model_protect(struct model *m, uint64_t start, uint64_t len, unsigned prot);
void model_advise(struct model *m, uint64_t start, uint64_t len, enum model_advice a);
/* mremap to newaddr (== old for in place); oldlen 0 duplicates a shared
 * mapping. */
void model_remap(struct model *m, uint64_t old, uint64_t oldlen, uint64_t newaddr,
		 uint64_t newlen, int dontunmap);
void model_brk(struct model *m, uint64_t newbrk);
void model_shmat(struct model *m, uint64_t addr, unsigned seg, unsigned prot);
void model_shmdt(struct model *m, uint64_t addr);
/* child gets the forked copy; under dma the parent changes too. */
void model_fork(struct model *parent, struct model *child);

/* Pages [*s, *e) around page i with the same object, contiguous offsets,
 * prot, kind and flags: what the kernel keeps as one VMA. */
void model_run(const struct model *m, size_t i, size_t *s, size_t *e);
/* Number of maximal such runs in the window. */
size_t model_runs(const struct model *m);
size_t model_mapped(const struct model *m);

#endif
