/* table_internal.h - the treap behind table.h, for table.c, table_ops.c
 * and seed.c only. */
#ifndef MD_TABLE_INTERNAL_H
#define MD_TABLE_INTERNAL_H
#include "arena.h"
#include "table.h"

/* The treap is two parallel arrays: the hot part a descent reads (16 bytes:
 * four to a cache line, 1 MiB for 65,536 pieces, so lookups stay in L2) and
 * the piece itself, read once at the end.  `start` is a copy of the piece's
 * start, refreshed whenever a node enters the tree (md_tab_insert).  The
 * treap priority is a hash of the node's index, so it costs no space. */
struct md_node {
	uint64_t start;
	uint32_t l, r;
};

struct md_table {
	struct md_arena nodes;   /* struct md_node[]; index 0 is "none" */
	struct md_arena pieces;  /* struct md_piece[], parallel to nodes */
	struct md_arena scratch; /* uint32_t[]: node lists while an update runs */
	struct md_arena omap;    /* uint64_t pairs: object renumbering (fork, dma) */
	struct md_arena files;   /* struct md_file[]; index 0 is "none" */
	struct md_arena fhash;   /* uint32_t[] open addressing into files */
	struct md_arena strings; /* NUL-terminated names; offset 0 is "" */
	uint32_t root, free_list, nfree, count, nfiles;
	unsigned page_size;
	enum md_policy policy;
	uint64_t next_obj;
	uint64_t heap_start;
	uint64_t stack_limit;
};

#define MD_NODE(t, i) ((struct md_node *)(t)->nodes.base + (i))
#define MD_PIECE(t, i) ((struct md_piece *)(t)->pieces.base + (i))

/* Make sure an update touching up to `extra` new nodes cannot fail half way:
 * reserves nodes and scratch space.  Returns 0 or -1. */
int md_tab_reserve(struct md_table *t, size_t extra);
uint32_t md_tab_alloc(struct md_table *t);
void md_tab_release(struct md_table *t, uint32_t n);
/* Take the pages [s, e) out of the tree (splitting pieces at s and e); their
 * nodes are left in the scratch list in address order.  Returns the count. */
size_t md_tab_extract(struct md_table *t, uint64_t s, uint64_t e);
uint32_t *md_tab_list(struct md_table *t);
/* Put a sorted run of disjoint nodes (whose pages are absent from the tree)
 * back, coalescing with each other and with their neighbours. */
void md_tab_insert(struct md_table *t, const uint32_t *v, size_t n);
/* Free every node in the list. */
void md_tab_drop(struct md_table *t, const uint32_t *v, size_t n);
/* Take every node out of the tree into the scratch list; returns count. */
size_t md_tab_flatten(struct md_table *t);
uint32_t md_tab_file(struct md_table *t, unsigned key, uint64_t dev, uint64_t ino,
		     const char *path, int *created);
/* Object renumbering for fork and discard: begin with room for n objects,
 * then map an old id to its new one (allocating it the first time). */
int md_tab_renumber_begin(struct md_table *t, size_t n);
uint64_t md_tab_renumber(struct md_table *t, uint64_t old);

static inline int md_kind_private(unsigned kind)
{
	return !md_kind_shared(kind);
}

#endif
