/* table.h - the shadow range table: every mapped page of one process with
 * its backing identity (object id, offset in object).
 *
 * One implementation for every user (the command replays traces into it;
 * the tests drive it directly).  The hooks do not run it (they only write
 * the trace), but it keeps their rules (no malloc, no locks, memory from
 * arena.h) so that it can run inside a traced program, where malloc may be
 * the caller of the change it records (free -> munmap).  Pieces sit in one array; a B+tree
 * keyed by start address (15 keys to a 192-byte node) finds them, so
 * lookups and updates are O(log n + pieces touched).
 *
 * Addresses are bytes; every range is page aligned by the caller or rounded
 * the way the kernel rounds (start must be aligned, length rounded up).  All
 * update functions describe a call that *succeeded* in the kernel.  They
 * return 0, or -1 when the table could not get memory (the table is then
 * unchanged or consistent but may miss this event; the caller must say so). */
#ifndef MD_TABLE_H
#define MD_TABLE_H
#include <stddef.h>
#include <stdint.h>

/* What kind of memory backs a piece.  See mdtrace-verdicts(7), BACKING OBJECTS. */
enum md_kind {
	MD_ANON_PRIVATE = 1, /* MAP_PRIVATE|MAP_ANONYMOUS */
	MD_ANON_SHARED,      /* MAP_SHARED|MAP_ANONYMOUS: shmem, kept across fork */
	MD_FILE_SHARED,      /* MAP_SHARED of a file: object is (dev, inode) */
	MD_FILE_PRIVATE,     /* MAP_PRIVATE of a file: a new COW object */
	MD_SHM,              /* System V segment (shmat): object is the shmid */
	MD_HEAP,             /* brk area */
	MD_STACK,            /* main thread's [stack]: grows down by itself */
	MD_SPECIAL,          /* [vdso], [vvar], [vsyscall] and the like */
	MD_KIND_MAX
};

/* Access bits, numerically equal to PROT_READ/WRITE/EXEC. */
enum { MD_PROT_R = 1, MD_PROT_W = 2, MD_PROT_X = 4 };

/* Piece flags. */
enum {
	MD_PF_DONTFORK = 1 << 0,   /* MADV_DONTFORK: absent in a fork child */
	MD_PF_WIPEONFORK = 1 << 1, /* MADV_WIPEONFORK */
	MD_PF_TOOL = 1 << 2,       /* mapping made by mdtrace itself */
	MD_PF_SEEDED = 1 << 3,     /* present before tracing began */
	MD_PF_STACKGROW = 1 << 4,  /* synthesized: stack pages the kernel adds on demand */
};

/* Verdict and identity policies (mdtrace-verdicts(7), POLICIES). */
enum md_policy { MD_POLICY_CONTRACT = 0, MD_POLICY_DMA, MD_POLICY_XNU };
/* The policy whose identities a table of policy p assigns: xnu differs from
 * contract only in how the verdict is decided (verdict.c), so an xnu table
 * is a contract table, and the trace index keys on this. */
static inline enum md_policy md_policy_identities(enum md_policy p)
{
	return p == MD_POLICY_XNU ? MD_POLICY_CONTRACT : p;
}

/* One piece: pages [start, end) backed by object `obj` from offset `off`. */
struct md_piece {
	uint64_t start, end;
	uint64_t obj;   /* never 0 for a mapped piece; ids never reused */
	uint64_t off;   /* byte offset in obj of `start` */
	uint64_t ev;    /* event that gave these pages this identity */
	uint32_t file;  /* md_file index (0: none) for dev/inode/path */
	uint8_t prot;   /* MD_PROT_* */
	uint8_t kind;   /* enum md_kind */
	uint16_t flags; /* MD_PF_* */
};

/* A backing file, System V segment or named special, interned per table. */
struct md_file {
	uint64_t dev;   /* st_dev encoding (makedev) */
	uint64_t ino;   /* inode, or shmid for MD_SHM */
	uint64_t obj;   /* object id when the file itself is the object */
	uint64_t size;  /* MD_SHM: segment size (for shmdt) */
	uint32_t path;  /* offset in the string arena, 0: none */
	uint8_t key;    /* MD_FKEY_*: what identifies it */
};
enum { MD_FKEY_FILE = 1, MD_FKEY_SHM, MD_FKEY_NAME };

/* A request to map pages: the identity comes from kind and dev/ino/off. */
struct md_map_req {
	uint64_t start, len;
	uint8_t prot, kind;
	uint16_t flags;
	uint64_t dev, ino;  /* files: st_dev/st_ino; MD_SHM: ino = shmid */
	uint64_t off;       /* file offset (files), offset in segment (shm) */
	const char *path;   /* name to print in maps output, may be NULL */
};

struct md_table;

struct md_table *md_table_new(unsigned page_size, enum md_policy policy);
void md_table_free(struct md_table *t);
enum md_policy md_table_policy(const struct md_table *t);
unsigned md_table_page_size(const struct md_table *t);
size_t md_table_count(const struct md_table *t);
/* Bytes the table holds in its arenas (for bench and stats). */
size_t md_table_bytes(const struct md_table *t);
/* A fresh object id: a 64-bit counter, never reused. */
uint64_t md_table_new_object(struct md_table *t);
uint64_t md_table_last_object(const struct md_table *t);

/* ---- updates (each mirrors one successful kernel call) ---- */
int md_table_map(struct md_table *t, const struct md_map_req *r, uint64_t ev);
/* Bytes of pieces that the last md_table_map found (and replaced) in its
 * range, or that the last md_table_protect found in its range: what the
 * replay checks the kernel's answers against (lib/trace/apply.c). */
uint64_t md_table_last_covered(const struct md_table *t);
int md_table_unmap(struct md_table *t, uint64_t start, uint64_t len, uint64_t ev);
int md_table_protect(struct md_table *t, uint64_t start, uint64_t len,
		     unsigned prot, uint64_t ev);
/* madvise: Linux MADV_* numbers.  DONTFORK/DOFORK/WIPEONFORK/KEEPONFORK set
 * flags; under MD_POLICY_DMA, DONTNEED/FREE/REMOVE give private pages a new
 * object.  Other advice changes nothing. */
int md_table_advise(struct md_table *t, uint64_t start, uint64_t len,
		    int advice, uint64_t ev);
/* Whether md_table_advise gives private pages a new object for advice. */
int md_advice_discards(int advice, enum md_policy policy);
/* mremap that returned `newaddr`; flags are MREMAP_* as passed. */
int md_table_remap(struct md_table *t, uint64_t old, uint64_t oldlen,
		   uint64_t newaddr, uint64_t newlen, int flags, uint64_t ev);
/* brk moved from oldbrk to newbrk (byte values as the kernel returns). */
int md_table_brk(struct md_table *t, uint64_t oldbrk, uint64_t newbrk, uint64_t ev);
/* Where the heap starts (offsets of heap objects count from here). */
void md_table_set_heap_start(struct md_table *t, uint64_t start);
uint64_t md_table_heap_start(const struct md_table *t);
/* shmat returned addr for segment shmid of `size` bytes. */
int md_table_shmat(struct md_table *t, uint64_t addr, uint64_t size,
		   uint64_t shmid, unsigned prot, uint64_t ev);
/* The device and name (/proc/PID/maps') of the segment attached at addr,
 * where the table does not know them yet; -1 if no segment is there. */
int md_table_shm_ident(struct md_table *t, uint64_t addr, uint64_t dev, const char *name);
/* shmdt(addr) succeeded. */
int md_table_shmdt(struct md_table *t, uint64_t addr, uint64_t ev);
/* Set flags on every piece backed by file (dev, ino): e.g. mark the trace
 * file's own mapping as mdtrace's.  Returns 0 or -1. */
int md_table_flag_file(struct md_table *t, uint64_t dev, uint64_t ino, unsigned flags);
/* Store a piece verbatim (its object and offset as given), replacing what
 * was there: for tables that remember identities, not for live ones. */
int md_table_put(struct md_table *t, const struct md_piece *p);
/* A child of fork: private objects replaced, shared kept, DONTFORK pages
 * absent.  Under MD_POLICY_DMA the parent's writable private pages that are
 * not DONTFORK get new objects too.  Returns NULL when out of memory. */
struct md_table *md_table_fork(struct md_table *parent, uint64_t ev);
/* Seed from the text of /proc/PID/maps; returns pieces added or -1 on a
 * line it cannot parse (pieces before it are kept). */
int md_table_seed(struct md_table *t, const char *text, size_t len, uint64_t ev);
/* One parsed line of /proc/PID/maps. */
struct md_maps_line {
	uint64_t lo, hi, off, dev, ino;
	uint8_t prot, shared;
	char path[4096];
};
/* Parse the line [s, end) (no newline); 0 or -1 when malformed. */
int md_maps_parse(const char *s, const char *end, struct md_maps_line *l);
/* The mapping request a line stands for, classified like a seeded page. */
void md_maps_request(const struct md_maps_line *l, struct md_map_req *r);
/* Called for each range where the table and a maps text disagree; line is
 * the kernel's line there, or NULL where the kernel has nothing mapped. */
typedef void md_diff_fn(void *arg, uint64_t start, uint64_t end,
			const struct md_maps_line *line);
/* Compare t with a maps text taken at the same point, page by page (access,
 * shared or private, file, device, inode and offset; [stack] growth is not
 * a difference).  Returns the number of differing ranges, -1 if malformed. */
int md_table_compare(const struct md_table *t, const char *text, size_t len,
		     md_diff_fn *fn, void *arg);
/* Bring t in line with a maps text taken now (after the loader mapped with
 * calls nobody sees): each differing range gets the kernel's view as a new
 * object, or is unmapped; the [stack] extends down.  Same return and
 * callback as md_table_compare, called before each change. */
int md_table_reconcile(struct md_table *t, const char *text, size_t len, uint64_t ev,
		       md_diff_fn *changed, void *arg);
/* Extend the [stack] piece just above addr down to addr (the kernel grew
 * it on a fault).  0, or -1 if there is no such piece. */
int md_table_grow_stack(struct md_table *t, uint64_t addr);

/* Largest size the [stack] may grow to (RLIMIT_STACK); default 8 MiB. */
void md_table_set_stack_limit(struct md_table *t, uint64_t bytes);

/* ---- lookups ---- */
/* The piece containing addr, or NULL.  The pointer is valid until the next
 * update. */
const struct md_piece *md_table_find(const struct md_table *t, uint64_t addr);
/* The lowest piece with end > addr (containing addr or after it), or NULL. */
const struct md_piece *md_table_next(const struct md_table *t, uint64_t addr);
/* Describe the pages at addr: fills *out with the piece containing addr,
 * or a gap (obj == 0) reaching to the next piece or `limit`, whichever is
 * first.  Pages just below the [stack] that the kernel would add on demand
 * come back as a synthesized piece with MD_PF_STACKGROW.  The result is
 * clipped to [addr, limit). */
void md_table_span(const struct md_table *t, uint64_t addr, uint64_t limit,
		   struct md_piece *out);
/* Call fn for every piece overlapping [start, end) in address order, clipped
 * to the range; stop early when fn returns non-zero (that value is returned). */
int md_table_walk(const struct md_table *t, uint64_t start, uint64_t end,
		  int (*fn)(const struct md_piece *, void *), void *arg);
const struct md_file *md_table_file(const struct md_table *t, uint32_t idx);
const char *md_table_string(const struct md_table *t, uint32_t off);
/* Check the tree and piece invariants; returns NULL or a description of
 * the first violation (for tests). */
const char *md_table_check(const struct md_table *t);

const char *md_kind_name(unsigned kind);
/* Kinds whose object is shared with a fork child. */
int md_kind_shared(unsigned kind);

/* ---- restoring a saved table (table_snap.c; for the trace index) ----
 * Into a fresh table: files first, in their old index order (each must get
 * the next index: returns it, or 0 when the file is a duplicate or out of
 * memory), then pieces verbatim with their file index, then the object
 * counter.  Not for live tables. */
uint32_t md_table_snap_file(struct md_table *t, const struct md_file *f, const char *path);
int md_table_snap_piece(struct md_table *t, const struct md_piece *p);
void md_table_snap_objects(struct md_table *t, uint64_t last);

#endif
