/* table.c - the B+tree under the shadow range table: piece and node pools,
 * insert/delete, lookups, interned files, invariant check.  The mapping
 * operations built on it are in table_ops.c. */
#define _GNU_SOURCE
#include "table_internal.h"
#include "sys.h"
#include <string.h>
#include <sys/mman.h>

#define B(i) MD_BNODE(t, i)
#define P(i) MD_PIECE(t, i)

/* ---------- pools ---------- */

/* Tree nodes a valid tree over `keys` keys can use: every node but the root
 * is at least MD_BT_MIN full, so leaves <= keys/7 and each inner level is
 * at most 1/8 of the one below; a level's root exemption adds one each. */
static size_t nodes_bound(size_t keys)
{
	return keys / (MD_BT_MIN - 1) + 2 * MD_BT_DEPTH;
}

static int reserve_nodes(struct md_table *t, size_t keys)
{
	size_t used = t->nodes.used / sizeof(struct md_bnode);
	size_t live = used - 1 - t->nnode_free, need = nodes_bound(keys);
	if (need > UINT32_MAX - 1)
		return -1;
	if (need <= live + t->nnode_free)
		return 0;
	return md_arena_reserve(&t->nodes, (need - live - t->nnode_free) *
				sizeof(struct md_bnode));
}

int md_tab_reserve(struct md_table *t, size_t extra)
{
	/* Arenas only grow, and each condition below depends on count + extra
	 * alone, so one that passed passes again for any smaller sum. */
	if (t->count + extra <= t->room)
		return 0;
	size_t have = t->pieces.used / sizeof(struct md_piece);
	if (t->nfree < extra) {
		size_t pwant = (extra - t->nfree) * sizeof(struct md_piece);
		if (have + extra > UINT32_MAX - 1 || md_arena_reserve(&t->pieces, pwant) < 0)
			return -1;
	}
	if (reserve_nodes(t, t->count + extra) < 0)
		return -1;
	size_t list = (t->count + extra + 8) * sizeof(uint32_t);
	if (list > t->scratch.used &&
	    md_arena_reserve(&t->scratch, list - t->scratch.used) < 0)
		return -1;
	t->room = t->count + extra;
	return 0;
}

uint32_t md_tab_alloc(struct md_table *t)
{
	uint32_t n = t->free_list;
	if (n) {
		t->free_list = (uint32_t)P(n)->start;
		t->nfree--;
	} else {
		size_t off = md_arena_push(&t->pieces, sizeof(struct md_piece));
		if (off == SIZE_MAX)
			return 0;
		n = (uint32_t)(off / sizeof(struct md_piece));
	}
	memset(P(n), 0, sizeof(struct md_piece));
	t->count++;
	return n;
}

void md_tab_release(struct md_table *t, uint32_t n)
{
	*P(n) = (struct md_piece){.start = t->free_list};
	t->free_list = n;
	t->nfree++;
	t->count--;
}

/* Never fails: md_tab_reserve made room (reserve_nodes). */
static uint32_t node_alloc(struct md_table *t, int leaf)
{
	uint32_t n = t->node_free;
	if (n) {
		t->node_free = B(n)->next;
		t->nnode_free--;
	} else {
		n = (uint32_t)(md_arena_push(&t->nodes, sizeof(struct md_bnode)) /
			       sizeof(struct md_bnode));
	}
	struct md_bnode *b = B(n);
	memset(b, 0, sizeof *b);
	memset(b->key, 0xff, sizeof b->key);
	b->leaf = (uint8_t)leaf;
	return n;
}

static void node_free(struct md_table *t, uint32_t n)
{
	B(n)->n = 0;
	B(n)->next = t->node_free;
	t->node_free = n;
	t->nnode_free++;
}

/* ---------- B+tree ---------- */

/* How many keys of b are <= k.  A fixed-length loop over all slots (the
 * unused ones hold UINT64_MAX) has no data-dependent branch; three counts
 * keep the additions from forming one long dependency chain. */
static inline unsigned rank(const struct md_bnode *b, uint64_t k)
{
	_Static_assert(MD_BT_MAX % 3 == 0, "rank counts keys in threes");
	unsigned c0 = 0, c1 = 0, c2 = 0;
	for (int j = 0; j < MD_BT_MAX; j += 3) {
		c0 += b->key[j] <= k;
		c1 += b->key[j + 1] <= k;
		c2 += b->key[j + 2] <= k;
	}
	unsigned c = c0 + c1 + c2;
	return c < b->n ? c : b->n;
}

/* Whether k descends to leaf n: separators are exact, so a leaf's range
 * runs from its least key to the next leaf's least key (the leftmost leaf
 * also takes keys below its least; this says no to those). */
static inline int holds(const struct md_table *t, uint32_t n, uint64_t k)
{
	const struct md_bnode *b = B(n);
	return b->leaf && b->n && b->key[0] <= k && (!b->next || k < B(b->next)->key[0]);
}

/* The finger, when it holds k.  Updates come in runs at nearby addresses
 * (a replay touches the same few leaves again and again), so most
 * primitives skip the descent. */
static inline uint32_t near(const struct md_table *t, uint64_t k)
{
	return t->finger && k >= t->finger_lo && k < t->finger_hi ? t->finger : 0;
}

/* Forget the finger and the hole: the tree is about to change shape. */
static void reshape(struct md_table *t)
{
	t->finger = 0;
	t->gap_leaf = 0;
}

/* The leaf k descends to from the root (0: empty tree). */
static uint32_t descend_leaf(const struct md_table *t, uint64_t k)
{
	uint32_t n = t->root;
	for (uint32_t h = t->height; h > 1; h--)
		n = B(n)->kid[rank(B(n), k)];
	return n;
}

/* The leaf whose range holds k, now the finger; 0 when none holds it (an
 * empty tree, or k below every key). */
static uint32_t aim(struct md_table *t, uint64_t k)
{
	uint32_t n = near(t, k);
	if (n)
		return n;
	n = descend_leaf(t, k);
	if (!n || !holds(t, n, k))
		return 0;
	t->finger_lo = B(n)->key[0];
	t->finger_hi = B(n)->next ? B(B(n)->next)->key[0] : UINT64_MAX;
	return t->finger = n;
}

/* The leaf whose range holds k (0: empty tree). */
static uint32_t leaf_for(const struct md_table *t, uint64_t k)
{
	uint32_t n = near(t, k);
	return n ? n : descend_leaf(t, k);
}

struct path {
	uint32_t node[MD_BT_DEPTH];
	unsigned slot[MD_BT_DEPTH]; /* child taken; at the leaf: keys <= k */
	int len;
};

static uint32_t descend(const struct md_table *t, uint64_t k, struct path *p)
{
	uint32_t n = t->root;
	int d = 0;
	for (uint32_t h = t->height; h > 1; h--, d++) {
		p->node[d] = n;
		p->slot[d] = rank(B(n), k);
		n = B(n)->kid[p->slot[d]];
	}
	p->node[d] = n;
	p->slot[d] = n ? rank(B(n), k) : 0;
	p->len = d + 1;
	return n;
}

/* Open a hole at i: keys [i, n) and kids [i + shift, n + shift) move up. */
static void open_at(struct md_bnode *b, unsigned i, unsigned shift)
{
	memmove(b->key + i + 1, b->key + i, (b->n - i) * sizeof b->key[0]);
	memmove(b->kid + i + shift + 1, b->kid + i + shift,
		(b->n + !b->leaf - i - shift) * sizeof b->kid[0]);
	b->n++;
}

/* Close the hole at key i and kid i + shift. */
static void close_at(struct md_bnode *b, unsigned i, unsigned shift)
{
	unsigned kids = b->n + !b->leaf;
	memmove(b->key + i, b->key + i + 1, (b->n - i - 1) * sizeof b->key[0]);
	memmove(b->kid + i + shift, b->kid + i + shift + 1,
		(kids - i - shift - 1) * sizeof b->kid[0]);
	b->n--;
	b->key[b->n] = UINT64_MAX;
	b->kid[kids - 1] = 0;
}

/* A full node plus one entry, while it splits. */
struct wide {
	uint64_t key[MD_BT_MAX + 1];
	uint32_t kid[MD_BT_MAX + 2];
};

/* Split full node n with (k, v) added at i; returns the new right sibling,
 * its least key in *up. */
static uint32_t split(struct md_table *t, uint32_t n, unsigned i, uint64_t k, uint32_t v,
		      uint64_t *up)
{
	uint32_t r = node_alloc(t, B(n)->leaf);
	struct md_bnode *a = B(n), *b = B(r);
	unsigned shift = !a->leaf, nk = MD_BT_MAX + 1, nv = nk + shift;
	struct wide w;
	memcpy(w.key, a->key, i * sizeof w.key[0]);
	w.key[i] = k;
	memcpy(w.key + i + 1, a->key + i, (MD_BT_MAX - i) * sizeof w.key[0]);
	memcpy(w.kid, a->kid, (i + shift) * sizeof w.kid[0]);
	w.kid[i + shift] = v;
	memcpy(w.kid + i + shift + 1, a->kid + i + shift,
	       (nv - 1 - i - shift) * sizeof w.kid[0]);
	unsigned left = nk / 2, rfirst = left + shift; /* inner: key[left] goes up */
	memset(a->key, 0xff, sizeof a->key);
	memset(a->kid, 0, sizeof a->kid);
	memcpy(a->key, w.key, left * sizeof w.key[0]);
	memcpy(a->kid, w.kid, (left + shift) * sizeof w.kid[0]);
	a->n = (uint16_t)left;
	b->n = (uint16_t)(nk - rfirst);
	memcpy(b->key, w.key + rfirst, b->n * sizeof w.key[0]);
	memcpy(b->kid, w.kid + rfirst, (nv - rfirst) * sizeof w.kid[0]);
	*up = w.key[left];
	if (a->leaf) {
		b->next = a->next;
		a->next = r;
	}
	return r;
}

static void leaf_put(struct md_bnode *b, unsigned i, uint64_t k, uint32_t v)
{
	open_at(b, i, 0);
	b->key[i] = k;
	b->kid[i] = v;
}

/* A full leaf (child s of q) passes one entry to a sibling with room
 * instead of splitting: without this, split-then-coalesce churn leaves most
 * leaves half full.  Returns 0 when both siblings are full too. */
static int shed(struct md_table *t, uint32_t q, unsigned s, uint32_t n, unsigned i,
		uint64_t k, uint32_t v)
{
	struct md_bnode *pq = B(q), *b = B(n);
	if (s > 0 && B(pq->kid[s - 1])->n < MD_BT_MAX) {
		/* i > 0 here: k >= key[s - 1], the least key of b */
		struct md_bnode *l = B(pq->kid[s - 1]);
		leaf_put(l, l->n, b->key[0], b->kid[0]);
		close_at(b, 0, 0);
		leaf_put(b, i - 1, k, v);
		pq->key[s - 1] = b->key[0];
		return 1;
	}
	if (s < pq->n && B(pq->kid[s + 1])->n < MD_BT_MAX) {
		struct md_bnode *r = B(pq->kid[s + 1]);
		if (i == b->n) {
			leaf_put(r, 0, k, v);
		} else {
			leaf_put(r, 0, b->key[b->n - 1], b->kid[b->n - 1]);
			close_at(b, b->n - 1, 0);
			leaf_put(b, i, k, v);
		}
		pq->key[s] = r->key[0];
		return 1;
	}
	return 0;
}

static void bt_insert(struct md_table *t, uint64_t k, uint32_t v)
{
	struct path p;
	t->gap_leaf = 0;
	uint32_t f = near(t, k);
	if (f && B(f)->n < MD_BT_MAX) { /* k > key[0]: no separator changes */
		leaf_put(B(f), rank(B(f), k), k, v);
		return;
	}
	reshape(t);
	if (!descend(t, k, &p)) {
		uint32_t r = node_alloc(t, 1);
		B(r)->key[0] = k;
		B(r)->kid[0] = v;
		B(r)->n = 1;
		t->root = r;
		t->height = 1;
		return;
	}
	for (int d = p.len - 1;; d--) {
		uint32_t n = p.node[d];
		unsigned i = p.slot[d], shift = !B(n)->leaf;
		if (B(n)->n < MD_BT_MAX) {
			open_at(B(n), i, shift);
			B(n)->key[i] = k;
			B(n)->kid[i + shift] = v;
			return;
		}
		if (B(n)->leaf && d > 0 && shed(t, p.node[d - 1], p.slot[d - 1], n, i, k, v))
			return;
		v = split(t, n, i, k, v, &k);
		if (d == 0) {
			uint32_t r = node_alloc(t, 0);
			B(r)->key[0] = k;
			B(r)->kid[0] = n;
			B(r)->kid[1] = v;
			B(r)->n = 1;
			t->root = r;
			t->height++;
			return;
		}
	}
}

/* The least key under p.node[d] became k: fix the one separator naming it. */
static void fix_min(struct md_table *t, const struct path *p, int d, uint64_t k)
{
	while (--d >= 0)
		if (p->slot[d]) {
			B(p->node[d])->key[p->slot[d] - 1] = k;
			return;
		}
}

/* Move one entry from the left sibling l into n (child s of q). */
static void borrow_left(struct md_table *t, uint32_t q, unsigned s, uint32_t l, uint32_t n)
{
	struct md_bnode *a = B(l), *b = B(n), *pq = B(q);
	if (b->leaf) {
		open_at(b, 0, 0);
		b->key[0] = a->key[a->n - 1];
		b->kid[0] = a->kid[a->n - 1];
		pq->key[s - 1] = b->key[0];
	} else {
		open_at(b, 0, 0);
		b->key[0] = pq->key[s - 1];
		b->kid[0] = a->kid[a->n];
		pq->key[s - 1] = a->key[a->n - 1];
	}
	a->kid[a->n - a->leaf] = 0;
	a->key[--a->n] = UINT64_MAX;
}

/* Move one entry from the right sibling r into n (child s of q). */
static void borrow_right(struct md_table *t, uint32_t q, unsigned s, uint32_t n, uint32_t r)
{
	struct md_bnode *a = B(n), *b = B(r), *pq = B(q);
	if (a->leaf) {
		a->key[a->n] = b->key[0];
		a->kid[a->n] = b->kid[0];
		a->n++;
		close_at(b, 0, 0);
		pq->key[s] = b->key[0];
	} else {
		a->key[a->n] = pq->key[s];
		a->kid[a->n + 1] = b->kid[0];
		a->n++;
		pq->key[s] = b->key[0];
		close_at(b, 0, 0);
	}
}

/* Merge child i + 1 of q into child i. */
static void merge(struct md_table *t, uint32_t q, unsigned i)
{
	struct md_bnode *pq = B(q);
	uint32_t l = pq->kid[i], r = pq->kid[i + 1];
	struct md_bnode *a = B(l), *b = B(r);
	if (a->leaf) {
		memcpy(a->key + a->n, b->key, b->n * sizeof a->key[0]);
		memcpy(a->kid + a->n, b->kid, b->n * sizeof a->kid[0]);
		a->n += b->n;
		a->next = b->next;
	} else {
		a->key[a->n] = pq->key[i];
		memcpy(a->key + a->n + 1, b->key, b->n * sizeof a->key[0]);
		memcpy(a->kid + a->n + 1, b->kid, (b->n + 1) * sizeof a->kid[0]);
		a->n += b->n + 1;
	}
	node_free(t, r);
	close_at(pq, i, 1);
}

/* Node p.node[d] is under-full: borrow from a sibling, else merge with one.
 * Returns 1 when the parent lost an entry. */
static int rebalance(struct md_table *t, const struct path *p, int d)
{
	uint32_t q = p->node[d - 1], n = p->node[d];
	unsigned s = p->slot[d - 1];
	if (s > 0 && B(B(q)->kid[s - 1])->n > MD_BT_MIN) {
		borrow_left(t, q, s, B(q)->kid[s - 1], n);
		return 0;
	}
	if (s < B(q)->n && B(B(q)->kid[s + 1])->n > MD_BT_MIN) {
		borrow_right(t, q, s, n, B(q)->kid[s + 1]);
		return 0;
	}
	merge(t, q, s > 0 ? s - 1 : s);
	return 1;
}

static void bt_delete(struct md_table *t, uint64_t k)
{
	struct path p;
	t->gap_leaf = 0;
	uint32_t n = near(t, k);
	if (n) {
		unsigned i = rank(B(n), k) - 1; /* key[i] == k */
		if (i > 0 && (B(n)->n > MD_BT_MIN || n == t->root)) {
			close_at(B(n), i, 0);
			return;
		}
	}
	reshape(t);
	n = descend(t, k, &p);
	int d = p.len - 1;
	unsigned i = p.slot[d] - 1; /* key[i] == k */
	close_at(B(n), i, 0);
	if (i == 0 && B(n)->n)
		fix_min(t, &p, d, B(n)->key[0]);
	for (; d > 0 && B(p.node[d])->n < MD_BT_MIN; d--)
		if (!rebalance(t, &p, d))
			break;
	uint32_t r = t->root;
	if (!B(r)->n) {
		t->root = B(r)->leaf ? 0 : B(r)->kid[0];
		t->height--;
		node_free(t, r);
	}
}

/* ---------- piece lists ---------- */

/* The piece with the greatest start <= addr (0: none). */
static uint32_t floor_piece(const struct md_table *t, uint64_t addr)
{
	uint32_t n = leaf_for(t, addr);
	if (!n)
		return 0;
	unsigned c = rank(B(n), addr);
	return c ? B(n)->kid[c - 1] : 0;
}

/* The piece with the least start > addr (0: none). */
static uint32_t above_piece(const struct md_table *t, uint64_t addr)
{
	uint32_t n = leaf_for(t, addr);
	if (!n)
		return 0;
	unsigned c = rank(B(n), addr);
	if (c < B(n)->n)
		return B(n)->kid[c];
	n = B(n)->next;
	return n ? B(n)->kid[0] : 0;
}

/* Cut piece m at `at` (m.start < at < m.end): m keeps the low part, the
 * returned new piece holds the high part. */
static uint32_t cut(struct md_table *t, uint32_t m, uint64_t at)
{
	uint32_t q = md_tab_alloc(t); /* cannot fail: md_tab_reserve ran */
	*P(q) = *P(m);
	P(q)->start = at;
	P(q)->off += at - P(m)->start;
	P(m)->end = at;
	return q;
}

static void cut_at(struct md_table *t, uint64_t at)
{
	uint32_t m = at ? floor_piece(t, at - 1) : 0;
	if (m && P(m)->end > at)
		bt_insert(t, at, cut(t, m, at));
}

uint32_t *md_tab_list(struct md_table *t)
{
	return (uint32_t *)t->scratch.base;
}

/* Replace slots [i, j) of leaf b by (k, v) when v, else by nothing. */
static void splice(struct md_bnode *b, unsigned i, unsigned j, uint64_t k, uint32_t v)
{
	unsigned add = v != 0, n = b->n - (j - i) + add;
	if (i == j && !add)
		return;
	memmove(b->key + i + add, b->key + j, (b->n - j) * sizeof b->key[0]);
	memmove(b->kid + i + add, b->kid + j, (b->n - j) * sizeof b->kid[0]);
	if (add) {
		b->key[i] = k;
		b->kid[i] = v;
	}
	for (unsigned x = n; x < b->n; x++) {
		b->key[x] = UINT64_MAX;
		b->kid[x] = 0;
	}
	b->n = (uint16_t)n;
}

/* md_tab_extract inside one leaf, when the pieces it cuts and takes
 * are all there, none in the leaf's first slot (its key is a separator),
 * and the leaf stays within its fill bounds: one rank instead of a descent
 * per cut and per piece.  Returns -1, having changed nothing, otherwise. */
static long extract_near(struct md_table *t, uint64_t s, uint64_t e, uint32_t *v)
{
	uint32_t l = s ? aim(t, s - 1) : 0;
	if (!l)
		return -1;
	struct md_bnode *b = B(l);
	unsigned i = rank(b, s - 1), j = i; /* i >= 1: key[0] <= s - 1 */
	while (j < b->n && b->key[j] < e)
		j++;
	if (j == b->n && b->next && B(b->next)->key[0] < e)
		return -1;
	uint32_t a = b->kid[i - 1], z = b->kid[j - 1];
	int cs = P(a)->end > s, ce = P(z)->end > e;
	unsigned n = b->n - (j - i) + ce;
	if (n > MD_BT_MAX || (n < MD_BT_MIN && l != t->root))
		return -1;
	uint32_t r = 0;
	size_t k = 0;
	if (cs)
		v[k++] = cut(t, a, s);
	for (unsigned x = i; x < j; x++)
		v[k++] = b->kid[x];
	if (ce)
		r = cut(t, v[k - 1], e);
	splice(b, i, j, e, r);
	t->gap_leaf = l;
	t->gap_slot = i;
	t->gap_lo = s;
	t->gap_hi = e;
	return (long)k;
}

size_t md_tab_extract(struct md_table *t, uint64_t s, uint64_t e)
{
	return md_tab_extract_into(t, s, e, 0);
}

size_t md_tab_extract_into(struct md_table *t, uint64_t s, uint64_t e, size_t at)
{
	uint32_t *v = md_tab_list(t) + at;
	if (e <= s)
		return 0;
	long near_k = extract_near(t, s, e, v);
	if (near_k >= 0)
		return (size_t)near_k;
	cut_at(t, s);
	cut_at(t, e);
	size_t k = 0;
	uint32_t n = leaf_for(t, s);
	unsigned i = n ? rank(B(n), s) : 0;
	if (i && B(n)->key[i - 1] == s)
		i--;
	for (; n; n = B(n)->next, i = 0) {
		for (; i < B(n)->n && B(n)->key[i] < e; i++)
			v[k++] = B(n)->kid[i];
		if (i < B(n)->n)
			break;
	}
	for (size_t j = 0; j < k; j++)
		bt_delete(t, P(v[j])->start);
	return k;
}

size_t md_tab_flatten(struct md_table *t)
{
	uint32_t *v = md_tab_list(t), n = t->root;
	size_t k = 0;
	for (uint32_t h = t->height; h > 1; h--)
		n = B(n)->kid[0];
	for (; n; n = B(n)->next)
		for (unsigned i = 0; i < B(n)->n; i++)
			v[k++] = B(n)->kid[i];
	t->nodes.used = sizeof(struct md_bnode);
	t->root = t->height = t->node_free = t->nnode_free = 0;
	reshape(t);
	return k;
}

static inline int mergeable(const struct md_piece *a, const struct md_piece *b)
{
	return a->end == b->start && a->obj == b->obj &&
	       b->off == a->off + (a->end - a->start) && a->prot == b->prot &&
	       a->kind == b->kind && a->flags == b->flags && a->file == b->file &&
	       a->ev == b->ev;
}

static void insert_one(struct md_table *t, uint32_t x)
{
	uint64_t s = P(x)->start;
	uint32_t l = s ? floor_piece(t, s - 1) : 0;
	if (l && mergeable(P(l), P(x))) {
		P(l)->end = P(x)->end;
		md_tab_release(t, x);
		x = l;
	} else {
		bt_insert(t, s, x);
	}
	uint32_t r = above_piece(t, P(x)->start);
	if (r && mergeable(P(x), P(r))) {
		P(x)->end = P(r)->end;
		bt_delete(t, P(r)->start);
		md_tab_release(t, r);
	}
}

/* insert_one inside one leaf, when the left neighbour is there (not
 * in the first slot's place), a right neighbour it would merge with is too,
 * and the leaf stays within its fill bounds.  -1, unchanged, otherwise. */
static int insert_near(struct md_table *t, uint32_t x)
{
	uint64_t s = P(x)->start;
	uint32_t l;
	unsigned i; /* >= 1; slot i is where s goes */
	if (t->gap_leaf && s >= t->gap_lo && s < t->gap_hi) {
		l = t->gap_leaf;
		i = t->gap_slot;
	} else {
		if (!s || !(l = aim(t, s - 1)))
			return -1;
		i = rank(B(l), s - 1);
	}
	struct md_bnode *b = B(l);
	uint32_t a = b->kid[i - 1], c = i < b->n ? b->kid[i] : 0;
	uint32_t d = !c && b->next ? B(b->next)->kid[0] : 0; /* c in the next leaf */
	if (d && mergeable(P(x), P(d)))
		return -1;
	int ml = mergeable(P(a), P(x)), mr = c && mergeable(P(x), P(c));
	unsigned n = b->n + 1 - ml - mr;
	if (n > MD_BT_MAX || (n < MD_BT_MIN && l != t->root))
		return -1;
	uint64_t hi = c ? P(c)->start : d ? P(d)->start : UINT64_MAX;
	if (mr) { /* x takes over c's pages and, unless a takes x, its slot */
		P(x)->end = P(c)->end;
		md_tab_release(t, c);
	}
	if (ml) {
		P(a)->end = P(x)->end;
		md_tab_release(t, x);
		if (mr)
			splice(b, i, i + 1, 0, 0);
	} else if (mr) {
		b->key[i] = s;
		b->kid[i] = x;
	} else {
		leaf_put(b, i, s, x);
	}
	/* the hole left after x, up to whatever follows it */
	t->gap_leaf = mr ? 0 : l;
	t->gap_slot = ml ? i : i + 1;
	t->gap_lo = P(ml ? a : x)->end;
	t->gap_hi = hi;
	return 0;
}

int md_tab_protect_whole(struct md_table *t, uint64_t s, uint64_t e, unsigned prot)
{
	uint32_t l = aim(t, s);
	if (!l)
		return 0;
	struct md_bnode *b = B(l);
	unsigned i = rank(b, s); /* the piece is in slot i - 1 */
	if (i < 2 || b->key[i - 1] != s) /* its left neighbour is in this leaf too */
		return 0;
	uint32_t x = b->kid[i - 1], a = b->kid[i - 2];
	uint32_t c = i < b->n ? b->kid[i] : b->next ? B(b->next)->kid[0] : 0;
	struct md_piece q = *P(x);
	q.prot = (uint8_t)prot;
	if (q.end != e || mergeable(P(a), &q) || (c && mergeable(&q, P(c))))
		return 0;
	P(x)->prot = (uint8_t)prot;
	return 1;
}

void md_tab_insert(struct md_table *t, const uint32_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (insert_near(t, v[i]) < 0)
			insert_one(t, v[i]);
}

void md_tab_drop(struct md_table *t, const uint32_t *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		md_tab_release(t, v[i]);
}

/* ---------- object renumbering ---------- */

int md_tab_renumber_begin(struct md_table *t, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n + 2)
		cap *= 2;
	t->omap.used = 0;
	if (md_arena_push(&t->omap, cap * 2 * sizeof(uint64_t)) == SIZE_MAX)
		return -1;
	return 0;
}

uint64_t md_tab_renumber(struct md_table *t, uint64_t old)
{
	uint64_t *slot = t->omap.base;
	size_t cap = t->omap.used / (2 * sizeof(uint64_t));
	size_t i = (old * 0x9e3779b97f4a7c15ULL) >> 20;
	for (;; i++) {
		uint64_t *e = slot + 2 * (i & (cap - 1));
		if (e[0] == old)
			return e[1];
		if (!e[0]) {
			e[0] = old;
			e[1] = md_table_new_object(t);
			return e[1];
		}
	}
}

/* ---------- interned files ---------- */

static uint64_t hash_key(unsigned key, uint64_t dev, uint64_t ino, const char *path)
{
	if (key == MD_FKEY_SHM) /* a segment is its shmid; dev is only shown */
		dev = 0;
	uint64_t h = key * 0x100000001b3ULL ^ dev * 0x9e3779b97f4a7c15ULL ^ ino;
	if (key == MD_FKEY_NAME && path)
		for (; *path; path++)
			h = (h ^ (unsigned char)*path) * 0x100000001b3ULL;
	return h * 0xff51afd7ed558ccdULL;
}

static int same_file(struct md_table *t, const struct md_file *f, unsigned key,
		     uint64_t dev, uint64_t ino, const char *path)
{
	if (f->key != key || f->ino != ino || (key != MD_FKEY_SHM && f->dev != dev))
		return 0;
	return key != MD_FKEY_NAME || !strcmp(md_table_string(t, f->path), path ? path : "");
}

static uint32_t intern_string(struct md_table *t, const char *s)
{
	if (!s || !*s)
		return 0;
	size_t n = strlen(s) + 1;
	size_t off = md_arena_push(&t->strings, n);
	if (off == SIZE_MAX || off > UINT32_MAX)
		return 0;
	memcpy(md_arena_at(&t->strings, off), s, n);
	return (uint32_t)off;
}

static int grow_fhash(struct md_table *t)
{
	size_t cap = t->fhash.used / sizeof(uint32_t);
	if (cap && (t->nfiles + 1) * 2 <= cap)
		return 0;
	size_t ncap = cap ? cap * 2 : 64;
	struct md_arena nh = {0};
	if (md_arena_push(&nh, ncap * sizeof(uint32_t)) == SIZE_MAX)
		return -1;
	uint32_t *slots = nh.base;
	for (uint32_t i = 1; i <= t->nfiles; i++) {
		const struct md_file *f = md_table_file(t, i);
		uint64_t h = hash_key(f->key, f->dev, f->ino, md_table_string(t, f->path));
		size_t j = h & (ncap - 1);
		while (slots[j])
			j = (j + 1) & (ncap - 1);
		slots[j] = i;
	}
	md_arena_free(&t->fhash);
	t->fhash = nh;
	return 0;
}

uint32_t md_tab_file(struct md_table *t, unsigned key, uint64_t dev, uint64_t ino,
		     const char *path, int *created)
{
	*created = 0;
	if (grow_fhash(t) < 0)
		return 0;
	uint32_t *slots = t->fhash.base;
	size_t cap = t->fhash.used / sizeof(uint32_t);
	size_t j = hash_key(key, dev, ino, path) & (cap - 1);
	for (; slots[j]; j = (j + 1) & (cap - 1))
		if (same_file(t, md_table_file(t, slots[j]), key, dev, ino, path))
			return slots[j];
	size_t off = md_arena_push(&t->files, sizeof(struct md_file));
	if (off == SIZE_MAX)
		return 0;
	uint32_t idx = (uint32_t)(off / sizeof(struct md_file));
	struct md_file *f = md_arena_at(&t->files, off);
	f->key = (uint8_t)key;
	f->dev = dev;
	f->ino = ino;
	f->path = intern_string(t, path);
	f->obj = key == MD_FKEY_NAME ? 0 : md_table_new_object(t);
	slots[j] = idx;
	t->nfiles++;
	*created = 1;
	return idx;
}

void md_tab_file_name(struct md_table *t, uint32_t idx, const char *path)
{
	struct md_file *f = (struct md_file *)md_table_file(t, idx);
	if (f && !f->path)
		f->path = intern_string(t, path);
}

const struct md_file *md_table_file(const struct md_table *t, uint32_t idx)
{
	if (!idx || idx > t->nfiles)
		return NULL;
	return (const struct md_file *)t->files.base + idx;
}

const char *md_table_string(const struct md_table *t, uint32_t off)
{
	return off && off < t->strings.used ? (const char *)t->strings.base + off : "";
}

/* ---------- life cycle ---------- */

struct md_table *md_table_new(unsigned page_size, enum md_policy policy)
{
	if (!page_size || (page_size & (page_size - 1)))
		return NULL;
	struct md_table *t = md_sys_mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED)
		return NULL;
	memset(t, 0, sizeof *t);
	t->page_size = page_size;
	t->policy = policy;
	t->stack_limit = 8 << 20;
	/* index 0 of nodes, pieces and files, offset 0 of strings: "none" */
	if (md_arena_push(&t->nodes, sizeof(struct md_bnode)) == SIZE_MAX ||
	    md_arena_push(&t->pieces, sizeof(struct md_piece)) == SIZE_MAX ||
	    md_arena_push(&t->files, sizeof(struct md_file)) == SIZE_MAX ||
	    md_arena_push(&t->strings, 1) == SIZE_MAX) {
		md_table_free(t);
		return NULL;
	}
	return t;
}

void md_table_free(struct md_table *t)
{
	if (!t)
		return;
	md_arena_free(&t->nodes);
	md_arena_free(&t->pieces);
	md_arena_free(&t->scratch);
	md_arena_free(&t->omap);
	md_arena_free(&t->files);
	md_arena_free(&t->fhash);
	md_arena_free(&t->strings);
	md_sys_munmap(t, sizeof *t);
}

/* A deep copy, for fork: every arena cloned, indices stay valid. */
struct md_table *md_tab_clone(const struct md_table *src);
struct md_table *md_tab_clone(const struct md_table *src)
{
	struct md_table *t = md_sys_mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED)
		return NULL;
	*t = *src;
	t->room = 0; /* the copies' arenas may be smaller */
	t->scratch = t->omap = (struct md_arena){0};
	t->nodes = t->pieces = t->files = t->fhash = t->strings = (struct md_arena){0};
	if (md_arena_clone(&t->nodes, &src->nodes) < 0 ||
	    md_arena_clone(&t->pieces, &src->pieces) < 0 ||
	    md_arena_clone(&t->files, &src->files) < 0 ||
	    md_arena_clone(&t->fhash, &src->fhash) < 0 ||
	    md_arena_clone(&t->strings, &src->strings) < 0) {
		md_table_free(t);
		return NULL;
	}
	return t;
}

enum md_policy md_table_policy(const struct md_table *t) { return t->policy; }
unsigned md_table_page_size(const struct md_table *t) { return t->page_size; }
size_t md_table_count(const struct md_table *t) { return t->count; }
uint64_t md_table_new_object(struct md_table *t) { return ++t->next_obj; }
uint64_t md_table_last_object(const struct md_table *t) { return t->next_obj; }
void md_table_set_stack_limit(struct md_table *t, uint64_t bytes) { t->stack_limit = bytes; }
void md_table_set_heap_start(struct md_table *t, uint64_t start) { t->heap_start = start; }
uint64_t md_table_heap_start(const struct md_table *t) { return t->heap_start; }

size_t md_table_bytes(const struct md_table *t)
{
	return sizeof *t + t->nodes.used + t->pieces.used + t->scratch.used + t->omap.used +
	       t->files.used + t->fhash.used + t->strings.used;
}

/* ---------- lookups ---------- */

const struct md_piece *md_table_find(const struct md_table *t, uint64_t addr)
{
	uint32_t n = floor_piece(t, addr);
	return n && addr < P(n)->end ? P(n) : NULL;
}

const struct md_piece *md_table_next(const struct md_table *t, uint64_t addr)
{
	const struct md_piece *p = md_table_find(t, addr);
	if (p)
		return p;
	uint32_t n = above_piece(t, addr);
	return n ? P(n) : NULL;
}

static void clip(struct md_piece *out, const struct md_piece *p, uint64_t s, uint64_t e)
{
	*out = *p;
	if (out->start < s) {
		out->off += s - out->start;
		out->start = s;
	}
	if (out->end > e)
		out->end = e;
}

void md_table_span(const struct md_table *t, uint64_t addr, uint64_t limit,
		   struct md_piece *out)
{
	const struct md_piece *n = md_table_next(t, addr);
	if (n && n->start <= addr) {
		clip(out, n, addr, limit);
		return;
	}
	uint64_t gap_end = n && n->start < limit ? n->start : limit;
	*out = (struct md_piece){.start = addr, .end = gap_end};
	if (!n || n->kind != MD_STACK)
		return;
	/* The kernel grows the main stack into this gap on a fault, with no
	 * call we could see: treat the pages it may still grow into as stack. */
	uint64_t low = n->end > t->stack_limit ? n->end - t->stack_limit : 0;
	if (addr < low) {
		out->end = low < gap_end ? low : gap_end;
		return;
	}
	*out = *n;
	out->start = addr;
	out->end = gap_end;
	out->off = n->off - (n->start - addr);
	out->flags |= MD_PF_STACKGROW;
}

int md_table_walk(const struct md_table *t, uint64_t start, uint64_t end,
		  int (*fn)(const struct md_piece *, void *), void *arg)
{
	uint32_t n = leaf_for(t, start);
	unsigned i = n ? rank(B(n), start) : 0;
	if (i)
		i--; /* the floor piece may reach into the range */
	for (; n; n = B(n)->next, i = 0)
		for (; i < B(n)->n; i++) {
			const struct md_piece *p = P(B(n)->kid[i]);
			if (p->start >= end)
				return 0;
			if (p->end > start) {
				struct md_piece c;
				clip(&c, p, start, end);
				int r = fn(&c, arg);
				if (r)
					return r;
			}
		}
	return 0;
}

/* ---------- invariants ---------- */

struct check {
	const struct md_piece *prev;
	uint32_t seen, leaf; /* leaf: the next leaf the chain must reach */
	const char *err;
};

static const char *check_piece(const struct md_table *t, struct check *c, uint64_t key,
			       uint32_t id)
{
	uint64_t mask = t->page_size - 1;
	size_t npieces = t->pieces.used / sizeof(struct md_piece);
	if (!id || id >= npieces)
		return "leaf holds a bad piece id";
	const struct md_piece *p = P(id);
	if (key != p->start)
		return "leaf key differs from its piece's start";
	if (p->start >= p->end)
		return "empty piece";
	if ((p->start | p->end) & mask)
		return "piece not page aligned";
	if (!p->obj)
		return "mapped piece without object";
	if (!p->kind || p->kind >= MD_KIND_MAX)
		return "bad kind";
	if (c->prev && c->prev->end > p->start)
		return "pieces overlap or out of order";
	if (c->prev && mergeable(c->prev, p))
		return "adjacent pieces not coalesced";
	c->prev = p;
	c->seen++;
	return NULL;
}

static const char *check_leaf(const struct md_table *t, uint32_t n, struct check *c)
{
	const struct md_bnode *b = B(n);
	if (c->leaf != n)
		return "leaf chain skips or repeats a leaf";
	c->leaf = b->next;
	for (unsigned i = b->n; i <= MD_BT_MAX; i++)
		if (b->kid[i])
			return "leaf holds a piece past its count";
	for (unsigned i = 0; i < b->n; i++) {
		const char *e = check_piece(t, c, b->key[i], b->kid[i]);
		if (e)
			return e;
	}
	return NULL;
}

/* Checks the subtree at n, `depth` levels above the leaves; *min gets its
 * least key.  Keys must lie in [lo, hi). */
static const char *check_node(const struct md_table *t, uint32_t n, uint32_t depth,
			      uint64_t lo, uint64_t hi, uint64_t *min, struct check *c)
{
	size_t nnodes = t->nodes.used / sizeof(struct md_bnode);
	if (!n || n >= nnodes)
		return "bad node index";
	const struct md_bnode *b = B(n);
	if (b->leaf != !depth)
		return "leaves at different depths";
	if (b->n > MD_BT_MAX || (n != t->root && b->n < MD_BT_MIN) || !b->n)
		return "node fill out of bounds";
	for (unsigned i = 0; i < b->n; i++)
		if ((i && b->key[i - 1] >= b->key[i]) || b->key[i] < lo || b->key[i] >= hi)
			return "keys out of order";
	for (unsigned i = b->n; i < MD_BT_MAX; i++)
		if (b->key[i] != UINT64_MAX)
			return "unused key slot not UINT64_MAX";
	*min = b->key[0];
	if (!depth)
		return check_leaf(t, n, c);
	if (b->next)
		return "inner node in the leaf chain";
	for (unsigned i = b->n + 1; i <= MD_BT_MAX; i++)
		if (b->kid[i])
			return "inner node holds a child past its count";
	for (unsigned i = 0; i <= b->n; i++) {
		uint64_t m, clo = i ? b->key[i - 1] : lo, chi = i < b->n ? b->key[i] : hi;
		const char *e = check_node(t, b->kid[i], depth - 1, clo, chi, &m, c);
		if (e)
			return e;
		if (i && m != b->key[i - 1])
			return "separator is not the least key of its child";
		if (!i)
			*min = m;
	}
	return NULL;
}

static const char *check_free_nodes(const struct md_table *t)
{
	size_t nnodes = t->nodes.used / sizeof(struct md_bnode), k = 0;
	for (uint32_t n = t->node_free; n; n = B(n)->next)
		if (n >= nnodes || ++k > t->nnode_free)
			return "node free list broken";
	return k == t->nnode_free ? NULL : "node free list count mismatch";
}

const char *md_table_check(const struct md_table *t)
{
	struct check c = {0};
	const char *e = NULL;
	if (t->height > MD_BT_DEPTH || !t->root != !t->height)
		return "bad tree height";
	if (t->root) {
		uint64_t min;
		uint32_t n = t->root;
		for (uint32_t h = t->height; h > 1; h--)
			n = B(n)->kid[0];
		c.leaf = n;
		e = check_node(t, t->root, t->height - 1, 0, UINT64_MAX, &min, &c);
		if (!e && c.leaf)
			e = "leaf chain runs past the last leaf";
	}
	if (!e)
		e = check_free_nodes(t);
	if (!e && c.seen != t->count)
		e = "piece count mismatch";
	return e;
}

int md_table_grow_stack(struct md_table *t, uint64_t addr)
{
	if (addr & (t->page_size - 1))
		return -1;
	uint32_t best = floor_piece(t, addr);
	if (best && P(best)->end > addr)
		return -1; /* addr is mapped already */
	best = above_piece(t, addr);
	if (!best || P(best)->kind != MD_STACK)
		return -1;
	/* Lowering the key of the lowest piece above an empty gap keeps the
	 * tree ordered; only its leaf slot and the separator naming it (when
	 * it is the least of its subtree) change.  The offset runs down too. */
	struct path p;
	uint32_t n = descend(t, P(best)->start, &p);
	int d = p.len - 1;
	reshape(t);
	unsigned i = p.slot[d] - 1;
	B(n)->key[i] = addr;
	if (i == 0)
		fix_min(t, &p, d, addr);
	P(best)->off -= P(best)->start - addr;
	P(best)->start = addr;
	return 0;
}
