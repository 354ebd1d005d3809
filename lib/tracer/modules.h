/* modules.h - MODULE records (mdtrace-trace(5)) for the ELF objects of a
 * traced image, read from their files: what the preloaded library learns
 * from dl_iterate_phdr, the supervisor learns from the mappings. */
#ifndef MD_MODULES_H
#define MD_MODULES_H
#include <stddef.h>
#include <stdint.h>
#include "tfile.h"

/* Every object mapped in a maps text (at a seed). */
void md_modules_seed(struct md_tfile *f, int tid, const char *maps, size_t len);
/* The object whose file (open as `file`, named path) was just mapped
 * whole at addr, len bytes, from offset 0, as a loader maps an object
 * first; nothing when the file is no ELF object or the mapping does not
 * span its segments. */
void md_modules_mapped(struct md_tfile *f, int tid, const char *file, const char *path,
		       uint64_t addr, uint64_t len);

#endif
