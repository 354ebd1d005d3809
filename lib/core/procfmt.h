/* procfmt.h - print table pieces the way the kernel prints /proc/PID/maps,
 * and with identities ("table" format).  Analysis code (uses stdio). */
#ifndef MD_PROCFMT_H
#define MD_PROCFMT_H
#include "table.h"
#include <stdio.h>

/* The name the kernel would show for this piece ("" for plain anonymous). */
const char *md_piece_name(const struct md_table *t, const struct md_piece *p,
			  char *buf, size_t n);
/* One /proc/PID/maps line (with newline). */
void md_print_proc(FILE *out, const struct md_table *t, const struct md_piece *p);
/* The same columns followed by kind, object, offset in object, event, flags. */
void md_print_table(FILE *out, const struct md_table *t, const struct md_piece *p);
/* Every piece of t, merged where the kernel's columns would be identical. */
void md_print_maps(FILE *out, const struct md_table *t, int table_format);

#endif
