/* patch.h - overwrite the entry of a libc function with a jump to a hook.
 *
 * The hook reimplements the function entirely, so the original bytes are
 * never needed again (no trampoline). */
#ifndef MD_PATCH_H
#define MD_PATCH_H
#include <stddef.h>

enum md_patch_status {
	MD_PATCH_DONE,      /* the entry now jumps to the hook */
	MD_PATCH_OURS,      /* it already did (an alias at the same address) */
	MD_PATCH_FOREIGN,   /* it starts with someone else's jump: left alone */
	MD_PATCH_SHORT,     /* the function is smaller than the jump */
	MD_PATCH_ALIGN,     /* the entry cannot be rewritten atomically */
	MD_PATCH_NOWRITE,   /* mprotect refused to make the text writable */
	MD_PATCH_NOARCH,    /* patching is not implemented on this architecture */
};

/* Patch `fn` (whose symbol is `size` bytes, 0 if unknown) to jump to
 * `hook`.  long_form forces the 13-byte movabs/jmp form even when a 5-byte
 * jmp reaches.  *err gets the errno of a refused mprotect. */
int md_patch(void *fn, size_t size, void *hook, int long_form, int *err);

/* Between the two, the text patched stays writable (each executable
 * mapping touched, whole) and is given back its protection once, at the
 * release (nested holds count). */
void md_patch_hold(void);
void md_patch_release(void);

/* The holds take the protections from this snapshot of /proc/self/maps
 * (text, len), just read by the caller, instead of reading their own;
 * (NULL, 0) ends that. */
void md_patch_maps(const char *text, size_t len);

/* Patch libc's function `name` to jump to hook; when that fails, a blind
 * record "NAME: REASON: OTHERWISE" (hooks_install.c).  0 or -1. */
int md_patch_named(void *libc, const char *name, void *hook, const char *otherwise);

/* md_patch_named for each function of a list, every one that fails
 * declared blind with the same `otherwise`. */
struct md_named_hook {
	const char *name;
	void *hook;
};
void md_patch_list(const struct md_named_hook *h, unsigned n, const char *otherwise);

/* st_size of the symbol `name` of the object `handle` (dlopen) whose
 * address is fn; 0 if unknown (symsize.c). */
size_t md_sym_size(void *handle, const char *name, void *fn);
/* the same from the hash table alone: 0 where it has no such entry */
size_t md_sym_size_hashed(void *handle, const char *name, void *fn);

/* One line of text for a status other than DONE and OURS. */
const char *md_patch_reason(int status);

/* Called around each stretch of text made writable and back (tool
 * records). */
extern void (*md_patch_prot_hook)(unsigned long addr, unsigned long len, int prot);

#endif
