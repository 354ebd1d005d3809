/* symsize.c - the size of a loaded object's symbol, by name, from its
 * GNU hash table.
 *
 * The patcher refuses a function shorter than its jump, so it needs each
 * target's st_size.  dladdr1(RTLD_DL_SYMENT) gives it but scans every
 * symbol of the object to find the one that holds the address: some 3,000
 * in libc, for each of the twenty-odd targets, about a tenth of what a
 * traced /bin/true spends.  A lookup by name costs a hash and a few
 * compares; the entry whose value is the function's address is the one.
 * Objects without DT_GNU_HASH (none in Debian for years) fall back to
 * dladdr1. */
#define _GNU_SOURCE
#include "patch.h"
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <string.h>

static uint32_t gnu_hash(const char *s)
{
	uint32_t h = 5381;
	for (; *s; s++)
		h = h * 33 + (uint8_t)*s;
	return h;
}

/* A dynamic entry's address: glibc relocates them in place on most
 * architectures, not on those whose .dynamic is read-only. */
static uintptr_t dyn_ptr(const struct link_map *lm, ElfW(Addr) p)
{
	return p < lm->l_addr ? lm->l_addr + p : p;
}

static const ElfW(Sym) *by_hash(const struct link_map *lm, const char *name, uintptr_t addr)
{
	const uint32_t *gh = NULL;
	const ElfW(Sym) *sym = NULL;
	const char *str = NULL;

	for (const ElfW(Dyn) *d = lm->l_ld; d && d->d_tag != DT_NULL; d++) {
		if (d->d_tag == DT_GNU_HASH)
			gh = (const uint32_t *)dyn_ptr(lm, d->d_un.d_ptr);
		else if (d->d_tag == DT_SYMTAB)
			sym = (const ElfW(Sym) *)dyn_ptr(lm, d->d_un.d_ptr);
		else if (d->d_tag == DT_STRTAB)
			str = (const char *)dyn_ptr(lm, d->d_un.d_ptr);
	}
	if (!gh || !sym || !str || !gh[0])
		return NULL;
	uint32_t nbuckets = gh[0], symoff = gh[1], nbloom = gh[2], h = gnu_hash(name);
	const uint32_t *buckets = (const uint32_t *)((const ElfW(Addr) *)(gh + 4) + nbloom);
	const uint32_t *chain = buckets + nbuckets;
	uint32_t i = buckets[h % nbuckets];
	if (i < symoff)
		return NULL;
	for (;; i++) {
		uint32_t c = chain[i - symoff];
		if ((c | 1) == (h | 1) && lm->l_addr + sym[i].st_value == addr &&
		    !strcmp(str + sym[i].st_name, name))
			return &sym[i];
		if (c & 1)
			return NULL;
	}
}

size_t md_sym_size_hashed(void *handle, const char *name, void *fn)
{
	struct link_map *lm = NULL;
	const ElfW(Sym) *s;

	if (!handle || dlinfo(handle, RTLD_DI_LINKMAP, &lm) != 0 || !lm ||
	    !(s = by_hash(lm, name, (uintptr_t)fn)))
		return 0;
	return s->st_size;
}

size_t md_sym_size(void *handle, const char *name, void *fn)
{
	const ElfW(Sym) *s = NULL;
	Dl_info info;
	size_t n = md_sym_size_hashed(handle, name, fn);

	if (n || !dladdr1(fn, &info, (void **)&s, RTLD_DL_SYMENT) || !s)
		return n;
	return s->st_size;
}
