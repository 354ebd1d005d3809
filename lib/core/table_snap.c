/* table_snap.c - restoring a table saved elsewhere (the trace index's
 * checkpoints): files at their old indices, pieces verbatim, the object
 * counter.  Only for tables that remember identities, not for live ones. */
#include "table_internal.h"

uint32_t md_table_snap_file(struct md_table *t, const struct md_file *f, const char *path)
{
	int created = 0;
	uint32_t i = md_tab_file(t, f->key, f->dev, f->ino, path, &created);
	if (!i || !created)
		return 0;
	struct md_file *m = (struct md_file *)md_table_file(t, i);
	m->obj = f->obj;
	m->size = f->size;
	return i;
}

int md_table_snap_piece(struct md_table *t, const struct md_piece *p)
{
	if (p->file && !md_table_file(t, p->file))
		return -1;
	if (md_table_put(t, p) < 0)
		return -1;
	/* md_table_put forgets the file index: here it is this table's own */
	struct md_piece *m = (struct md_piece *)md_table_find(t, p->start);
	if (!m)
		return -1;
	m->file = p->file;
	return 0;
}

void md_table_snap_objects(struct md_table *t, uint64_t last)
{
	t->next_obj = last;
}
