/* symsize.c - md_sym_size_hashed (lib/preload/symsize.c, the GNU hash
 * lookup the patcher sizes its targets with, without md_sym_size's
 * fallback to dladdr1) agrees with dladdr1's RTLD_DL_SYMENT
 * for every name given, looked up in libc; prints one line a name and
 * exits 1 on any difference, or when a name resolves nowhere. */
#define _GNU_SOURCE
#include "patch.h"
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	void *libc = dlopen("libc.so.6", RTLD_NOLOAD | RTLD_LAZY);
	int bad = !libc;
	for (int i = 1; i < argc && libc; i++) {
		void *fn = dlsym(libc, argv[i]);
		const ElfW(Sym) *s = NULL;
		Dl_info info;
		size_t want, got;
		if (!fn || !dladdr1(fn, &info, (void **)&s, RTLD_DL_SYMENT) || !s) {
			printf("%s: not found\n", argv[i]);
			bad = 1;
			continue;
		}
		want = s->st_size;
		got = md_sym_size_hashed(libc, argv[i], fn);
		printf("%s %zu %zu\n", argv[i], got, want);
		bad |= got != want || !got;
	}
	return bad;
}
