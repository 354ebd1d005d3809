/* progkind.c - why the preloaded library could not enter a program: read
 * its ELF program headers (no PT_INTERP: statically linked; a loader that
 * is not glibc's: another C library, which ignores LD_PRELOAD's library). */
#define _GNU_SOURCE
#include "cli.h"
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The file execvp would run for prog, in buf. */
static const char *resolve(const char *prog, char *buf, size_t n)
{
	const char *path = getenv("PATH");
	if (strchr(prog, '/'))
		return prog;
	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t k = strcspn(p, ":");
		snprintf(buf, n, "%.*s/%s", (int)k, k ? p : ".", prog);
		if (access(buf, X_OK) == 0)
			return buf;
		p += k + (p[k] == ':');
	}
	return NULL;
}

static int read_at(int fd, void *dst, size_t n, off_t off)
{
	return pread(fd, dst, n, off) == (ssize_t)n ? 0 : -1;
}

/* The program's PT_INTERP into interp ("" for none); -1 if not a 64-bit
 * ELF file we can read. */
static int interp_of(const char *file, char *interp, size_t n)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int fd = open(file, O_RDONLY | O_CLOEXEC), r = -1;
	if (fd < 0)
		return -1;
	interp[0] = 0;
	if (read_at(fd, &eh, sizeof eh, 0) == 0 && !memcmp(eh.e_ident, ELFMAG, SELFMAG) &&
	    eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_phentsize == sizeof ph) {
		r = 0;
		for (unsigned i = 0; i < eh.e_phnum; i++) {
			if (read_at(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + i * sizeof ph)) < 0)
				break;
			if (ph.p_type == PT_INTERP && ph.p_filesz && ph.p_filesz < n &&
			    read_at(fd, interp, ph.p_filesz, (off_t)ph.p_offset) == 0)
				interp[ph.p_filesz] = 0;
		}
	}
	close(fd);
	return r;
}

const char *md_untraceable_why(const char *prog, char *buf, size_t n)
{
	char file[4096], interp[256];
	const char *f = resolve(prog, file, sizeof file);
	if (!f || interp_of(f, interp, sizeof interp) < 0)
		return NULL;
	if (!interp[0])
		snprintf(buf, n, "%s is statically linked: the preloaded library cannot enter it, "
			 "so nothing was traced (mdtrace-preload(7), BLIND SPOTS)", prog);
	else if (!strstr(interp, "ld-linux"))
		snprintf(buf, n, "%s is loaded by %s, not glibc's loader: the preloaded library "
			 "cannot enter it, so nothing was traced (mdtrace-preload(7), BLIND SPOTS)",
			 prog, interp);
	else
		return NULL;
	return buf;
}
