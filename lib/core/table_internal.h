/* table_internal.h - the B+tree behind table.h, for table.c, table_ops.c,
 * seed.c and reconcile.c only. */
#ifndef MD_TABLE_INTERNAL_H
#define MD_TABLE_INTERNAL_H
#include "arena.h"
#include "table.h"

/* The pieces live in an array indexed by a 32-bit id; a B+tree keyed by
 * start address maps starts to ids.  A node is three cache lines: a lookup
 * reads one node per level (four or five levels for 65,536 pieces, the top
 * ones cached) and then the piece itself, instead of the ~22 dependent
 * misses of a binary tree.  Separators are exact: key[i-1] of an inner node
 * is the least key under kid[i], so the floor of an address is always in
 * the leaf its descent reaches. */
enum { MD_BT_MAX = 15, MD_BT_MIN = 7, MD_BT_DEPTH = 16 };

struct md_bnode {
	uint64_t key[MD_BT_MAX];     /* ascending; unused slots UINT64_MAX */
	uint32_t kid[MD_BT_MAX + 1]; /* inner: n + 1 children; leaf: n piece ids */
	uint16_t n;
	uint8_t leaf;
	uint8_t pad;
	uint32_t next;               /* leaf: right neighbour; freed: next free */
};

struct md_table {
	struct md_arena nodes;   /* struct md_bnode[]; index 0 is "none" */
	struct md_arena pieces;  /* struct md_piece[]; index 0 is "none" */
	struct md_arena scratch; /* uint32_t[]: piece lists while an update runs */
	struct md_arena omap;    /* uint64_t pairs: object renumbering (fork, dma) */
	struct md_arena files;   /* struct md_file[]; index 0 is "none" */
	struct md_arena fhash;   /* uint32_t[] open addressing into files */
	struct md_arena strings; /* NUL-terminated names; offset 0 is "" */
	uint32_t root, height;   /* height: levels, leaves included; 0 empty */
	/* The leaf the last update used (0: none) and the keys that descend
	 * to it, [finger_lo, finger_hi): a cache, reset by any change that can
	 * move a leaf's least key (only the B+tree's slow paths do). */
	uint32_t finger;
	uint64_t finger_lo, finger_hi;
	/* Where the last near extract or insert left a hole: leaf gap_leaf has
	 * no key in [gap_lo, gap_hi); its slots before gap_slot hold smaller
	 * keys, the rest greater.  Puts into the hole need no search.  0 once
	 * anything else changed the tree. */
	uint32_t gap_leaf, gap_slot;
	uint64_t gap_lo, gap_hi;
	uint64_t covered;        /* md_table_last_covered */
	uint32_t node_free, nnode_free;
	uint32_t free_list, nfree, count, nfiles;
	size_t room;             /* md_tab_reserve: pieces + extra up to this fit */
	unsigned page_size;
	enum md_policy policy;
	uint64_t next_obj;
	uint64_t heap_start;
	uint64_t stack_limit;
};

#define MD_BNODE(t, i) ((struct md_bnode *)(t)->nodes.base + (i))
#define MD_PIECE(t, i) ((struct md_piece *)(t)->pieces.base + (i))

/* Make sure an update creating up to `extra` new pieces cannot fail half
 * way: reserves pieces, tree nodes and scratch space.  Returns 0 or -1. */
int md_tab_reserve(struct md_table *t, size_t extra);
uint32_t md_tab_alloc(struct md_table *t);
void md_tab_release(struct md_table *t, uint32_t n);
/* Take the pages [s, e) out of the tree (splitting pieces at s and e); their
 * piece ids are left in the scratch list in address order.  Returns the
 * count. */
size_t md_tab_extract(struct md_table *t, uint64_t s, uint64_t e);
/* The same, listing the pieces from md_tab_list(t)[at] on (the list's
 * first `at` entries are kept). */
size_t md_tab_extract_into(struct md_table *t, uint64_t s, uint64_t e, size_t at);
uint32_t *md_tab_list(struct md_table *t);
/* Put a sorted run of disjoint pieces (whose pages are absent from the tree)
 * back, coalescing with each other and with their neighbours. */
void md_tab_insert(struct md_table *t, const uint32_t *v, size_t n);
/* Set the access of the one piece that is exactly [s, e), when that needs
 * no search beyond one leaf and merges it with no neighbour (so no key
 * changes): 1, or 0 with nothing changed.  The common mprotect, without
 * taking the piece out and putting it back. */
int md_tab_protect_whole(struct md_table *t, uint64_t s, uint64_t e, unsigned prot);
/* Free every piece in the list. */
void md_tab_drop(struct md_table *t, const uint32_t *v, size_t n);
/* Take every piece out of the tree into the scratch list; returns count. */
size_t md_tab_flatten(struct md_table *t);
uint32_t md_tab_file(struct md_table *t, unsigned key, uint64_t dev, uint64_t ino,
		     const char *path, int *created);
/* The name of file idx, if it has none yet (a segment's, learnt late). */
void md_tab_file_name(struct md_table *t, uint32_t idx, const char *path);
/* Object renumbering for fork and discard: begin with room for n objects,
 * then map an old id to its new one (allocating it the first time). */
int md_tab_renumber_begin(struct md_table *t, size_t n);
uint64_t md_tab_renumber(struct md_table *t, uint64_t old);

static inline int md_kind_private(unsigned kind)
{
	return !md_kind_shared(kind);
}

#endif
