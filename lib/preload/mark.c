/* mark.c - mdtrace_mark(): a program may declare it weak and call it; the
 * trace gets MD_EV_MARK with the label (at most 255 bytes). */
#define _GNU_SOURCE
#include "writer.h"
#include <string.h>

MD_PUBLIC void mdtrace_mark(const char *label)
{
	char buf[256];
	if (!md_active || !label)
		return;
	memcpy(buf, label, strnlen(label, 255));
	buf[strnlen(label, 255)] = 0;
	md_emit_simple(MD_EV_MARK, 0, buf, 1);
}
