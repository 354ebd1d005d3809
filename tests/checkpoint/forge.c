/* forge.c - make a hostile trace index for tests/checkpoint/corrupt.sh:
 * set one field of the head or of a checkpoint to a value, or fill a
 * checkpoint's saved table with a byte, or move a module offset, then fix
 * the checksum so that only the later checks can catch it.
 * usage: forge INDEX FIELD VALUE [CHECKPOINT|all] */
#include "checkpoint.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int set(uint8_t *p, size_t n, const char *field, uint64_t v, uint32_t k)
{
	struct md_index_head *h = (void *)p;
	struct md_ckpt *c = (struct md_ckpt *)(p + sizeof *h) + k;
	uint64_t *mods = (uint64_t *)(p + sizeof *h) + (size_t)h->nckpts * sizeof *c / 8;
	if (!strcmp(field, "nckpts"))
		h->nckpts = (uint32_t)v;
	else if (!strcmp(field, "mod_shift")) { /* move module offset k by v bytes */
		if (k >= h->nmods)
			return -1;
		mods[k] += v;
	}
	else if (!strcmp(field, "nmods"))
		h->nmods = (uint32_t)v;
	else if (k >= h->nckpts)
		return -1;
	else if (!strcmp(field, "nfiles"))
		c->nfiles = (uint32_t)v;
	else if (!strcmp(field, "npieces"))
		c->npieces = (uint32_t)v;
	else if (!strcmp(field, "nranges"))
		c->nranges = (uint32_t)v;
	else if (!strcmp(field, "table_off"))
		c->table_off = v;
	else if (!strcmp(field, "ranges_off"))
		c->ranges_off = v;
	else if (!strcmp(field, "off"))
		c->off = v;
	else if (!strcmp(field, "ck_nmods"))
		c->nmods = (uint32_t)v;
	else if (!strcmp(field, "fill")) { /* the saved files and pieces */
		if (c->table_off >= n)
			return -1;
		memset(p + c->table_off, (int)v, c->ranges_off > c->table_off ? c->ranges_off - c->table_off : n - c->table_off);
	} else
		return -1;
	h->body_hash = md_index_hash(p + sizeof *h, n - sizeof *h, 3);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	FILE *f = fopen(argv[1], "r+b");
	static uint8_t buf[64 << 20];
	size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
	const struct md_index_head *h = (const void *)buf;
	int all = argc > 4 && !strcmp(argv[4], "all");
	uint32_t k = all ? 0 : argc > 4 ? (uint32_t)atoi(argv[4]) : 0;
	int bad = n < sizeof *h;
	do
		bad = bad || set(buf, n, argv[2], strtoull(argv[3], NULL, 0), k) < 0;
	while (all && !bad && ++k < h->nckpts);
	if (bad) {
		fprintf(stderr, "forge: cannot set %s\n", argv[2]);
		return 1;
	}
	rewind(f);
	if (fwrite(buf, 1, n, f) != n || fclose(f))
		return 1;
	return 0;
}
