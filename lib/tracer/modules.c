/* modules.c - MODULE records from ELF files (modules.h).  A module's base
 * is its lowest PT_LOAD page and its load bias the distance from ELF
 * addresses to where it is mapped: an object mapped at A from offset 0
 * has bias A - (its first PT_LOAD's address, page-aligned). */
#define _GNU_SOURCE
#include "modules.h"
#include "table.h"
#include <elfutils/libdwelf.h>
#include <gelf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct elf_span {
	uint64_t lo, hi;        /* ELF addresses of the PT_LOADs, page-aligned */
	uint32_t build_id_len;
	uint8_t build_id[32];
};

/* The PT_LOAD span and build id of an ELF file (libelf, libdwelf); -1 if
 * it is none. */
static int elf_span(const char *file, uint64_t page, struct elf_span *s)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	size_t n = 0;
	GElf_Ehdr eh;
	Elf *e;
	if (fd < 0)
		return -1;
	elf_version(EV_CURRENT);
	memset(s, 0, sizeof *s);
	s->lo = UINT64_MAX;
	e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (e && gelf_getehdr(e, &eh) && (eh.e_type == ET_DYN || eh.e_type == ET_EXEC) &&
	    elf_getphdrnum(e, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			GElf_Phdr ph;
			if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD)
				continue;
			if (ph.p_vaddr < s->lo)
				s->lo = ph.p_vaddr;
			if (ph.p_vaddr + ph.p_memsz > s->hi)
				s->hi = ph.p_vaddr + ph.p_memsz;
		}
		const void *id;
		ssize_t k = dwelf_elf_gnu_build_id(e, &id);
		if (k > 0) {
			s->build_id_len = k < 32 ? (uint32_t)k : 32;
			memcpy(s->build_id, id, s->build_id_len);
		}
	}
	if (e)
		elf_end(e);
	close(fd);
	s->lo &= ~(page - 1);
	s->hi = (s->hi + page - 1) & ~(page - 1);
	return s->hi > s->lo ? 0 : -1;
}

static void emit(struct md_tfile *f, int tid, const struct elf_span *s, uint64_t bias,
		 const char *path)
{
	struct md_module_id id = { .load_bias = bias, .build_id_len = s->build_id_len,
				   .path_len = (uint32_t)strlen(path) };
	struct md_emit e = { .type = MD_EV_MODULE, .args = { s->lo + bias, s->hi - s->lo },
			     .extra = &id, .extra_len = sizeof id,
			     .extra2 = path, .extra2_len = id.path_len };
	memcpy(id.build_id, s->build_id, sizeof id.build_id);
	md_tfile_emit(f, &e, NULL, 0, tid);
}

void md_modules_mapped(struct md_tfile *f, int tid, const char *file, const char *path,
		       uint64_t addr, uint64_t len)
{
	struct elf_span s;
	uint64_t page = f->h->page_size;
	if (elf_span(file, page, &s) == 0 && ((len + page - 1) & ~(page - 1)) >= s.hi - s.lo)
		emit(f, tid, &s, addr - s.lo, path);
}

void md_modules_seed(struct md_tfile *f, int tid, const char *maps, size_t len)
{
	static struct md_maps_line l;
	const char *end = maps + len;
	struct elf_span s;
	for (const char *p = maps; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		/* an object's first mapping is its lowest, from offset 0 */
		if (md_maps_parse(p, nl, &l) == 0 && l.off == 0 && l.path[0] == '/' &&
		    elf_span(l.path, f->h->page_size, &s) == 0)
			emit(f, tid, &s, l.lo - s.lo, l.path);
		p = nl + 1;
	}
}
