/* dl.c - dlopen/dlmopen/dlclose: ld.so maps with its own internal calls,
 * so after each call record MD_EV_RECONCILE with the whole /proc/self/maps,
 * and MD_EV_MODULE for each object that appeared.
 *
 * RECONCILE: args[0] 1 dlopen, 2 dlclose, 3 dlmopen; args[1] length of the
 * path at the start of extra (no NUL; the maps text follows it); args[2]
 * the mode (dlopen/dlmopen) or the handle (dlclose); args[3] the lmid
 * (dlmopen); ret the result (handle, or dlclose's int). */
#define _GNU_SOURCE
#include "writer.h"
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <string.h>
#include <unistd.h>

/* glibc declares these arguments nonnull; programs pass NULL anyway. */
#pragma GCC diagnostic ignored "-Wnonnull-compare"

static void *(*real_dlopen)(const char *, int);
static void *(*real_dlmopen)(Lmid_t, const char *, int);
static int (*real_dlclose)(void *);

void md_dl_init(void)
{
	real_dlopen = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
	real_dlmopen = (void *(*)(Lmid_t, const char *, int))dlsym(RTLD_NEXT, "dlmopen");
	real_dlclose = (int (*)(void *))dlsym(RTLD_NEXT, "dlclose");
	md_libc(); /* now, before the seed: dlopen's first malloc makes the heap */
}

/* The library's own dlopens (libc's handle, for dlsym of the functions
 * patched; libunwind, stack.c) through the real dlopen: ours would record
 * a reconcile (a read of /proc/self/maps and a walk of the modules).
 * Where the library is not preloaded (a dependency of libmdtrace, after
 * libc in the search order) there is no next dlopen, and the name is
 * libc's. */
void *md_real_dlopen(const char *file, int mode)
{
	return (real_dlopen ? real_dlopen : dlopen)(file, mode);
}

void *md_libc(void)
{
	static void *libc;
	if (!libc)
		libc = md_real_dlopen("libc.so.6", RTLD_NOLOAD | RTLD_LAZY);
	return libc;
}

/* ---- the module map ---- */

#define MOD_MAX 2048
struct mod {
	uint64_t base, bias;
};
static struct mod mods[2][MOD_MAX];
static unsigned nmods[2], cur;

struct walk {
	int emit_all;
	unsigned next;
};

static int known(uint64_t base, uint64_t bias)
{
	for (unsigned i = 0; i < nmods[cur]; i++)
		if (mods[cur][i].base == base && mods[cur][i].bias == bias)
			return 1;
	return 0;
}

static unsigned build_id(const struct dl_phdr_info *info, uint8_t *out)
{
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const char *p, *end;
		if (ph->p_type != PT_NOTE)
			continue;
		p = (const char *)(info->dlpi_addr + ph->p_vaddr);
		end = p + ph->p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *n = (const void *)p;
			const char *name = p + sizeof *n;
			const char *desc = name + ((n->n_namesz + 3) & ~3u);
			if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 &&
			    !memcmp(name, "GNU", 4)) {
				unsigned k = n->n_descsz < 32 ? n->n_descsz : 32;
				memcpy(out, desc, k);
				return k;
			}
			p = desc + ((n->n_descsz + 3) & ~3u);
		}
	}
	return 0;
}

static void emit_module(const struct dl_phdr_info *info, uint64_t lo, uint64_t hi)
{
	struct md_module_id id = { .load_bias = info->dlpi_addr };
	struct md_emit e = { .type = MD_EV_MODULE };
	const char *path = info->dlpi_name;
	char exe[MD_PATH_MAX];
	if (!path || !*path) {
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		exe[n > 0 ? n : 0] = 0;
		path = exe;
	}
	id.build_id_len = build_id(info, id.build_id);
	id.path_len = (uint32_t)strlen(path);
	e.args[0] = lo;
	e.args[1] = hi - lo;
	e.extra = &id;
	e.extra_len = sizeof id;
	e.extra2 = path;
	e.extra2_len = id.path_len;
	md_emit(&e, NULL, 0);
}

static int module_cb(struct dl_phdr_info *info, size_t size, void *ctx)
{
	struct walk *w = ctx;
	uint64_t lo = UINT64_MAX, hi = 0, pg = 4096;
	(void)size;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_LOAD)
			continue;
		if (info->dlpi_addr + ph->p_vaddr < lo)
			lo = info->dlpi_addr + ph->p_vaddr;
		if (info->dlpi_addr + ph->p_vaddr + ph->p_memsz > hi)
			hi = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
	}
	if (!hi)
		return 0;
	lo &= ~(pg - 1);
	hi = (hi + pg - 1) & ~(pg - 1);
	if (w->emit_all || !known(lo, info->dlpi_addr))
		emit_module(info, lo, hi);
	if (w->next < MOD_MAX)
		mods[cur ^ 1][w->next++] = (struct mod){ lo, info->dlpi_addr };
	return 0;
}

/* Records the objects not seen before (all of them when `all`) and forgets
 * the ones that are gone.  Call with md_order_lock held. */
void md_emit_modules(int all)
{
	struct walk w = { .emit_all = all };
	dl_iterate_phdr(module_cb, &w);
	nmods[cur ^ 1] = w.next;
	cur ^= 1;
}

/* ---- the interposed functions ---- */

static __attribute__((noinline)) void reconcile(unsigned which, const char *path, uint64_t a2, uint64_t a3, uint64_t ret)
{
	struct md_emit e = { .type = MD_EV_RECONCILE };
	uint64_t frames[MD_STACK_MAX];
	unsigned n;
	uint32_t len;
	int saved = errno;
	if (!md_active || !md_writer_ready())
		return;
	md_order_lock();
	md_in_hook++;
	n = md_stack(frames, md_stack_depth, 2);
	e.args[0] = which;
	e.args[1] = path ? strlen(path) : 0;
	e.args[2] = a2;
	e.args[3] = a3;
	e.ret = ret;
	e.extra = path;
	e.extra_len = (uint32_t)e.args[1];
	e.extra2 = md_maps_read(&len);
	e.extra2_len = len;
	md_emit(&e, frames, n);
	md_emit_modules(0);
	md_in_hook--;
	md_order_unlock();
	errno = saved;
}

static void resolve(void)
{
	if (!real_dlopen || !real_dlmopen || !real_dlclose)
		md_dl_init();
}

/* glibc looks a bare name up along the *caller's* DT_RPATH/DT_RUNPATH (with
 * $ORIGIN), and through this wrapper the caller would be us.  So search the
 * real caller's own list (RTLD_DI_SERINFO) the way the loader would, up to
 * where the list leaves the caller's paths (ld.so.cache, default dirs: the
 * same for any caller), and hand the loader the file found there. */
static const char *as_caller(const char *file, int mode, const void *caller,
			     char *buf, size_t n)
{
	struct link_map *lm = NULL;
	Dl_info info;
	Dl_serinfo size;
	union {
		Dl_serinfo si;
		char raw[16384];
	} u;
	if (!file || strchr(file, '/'))
		return file;
	void *loaded = real_dlopen(file, mode | RTLD_NOLOAD);
	if (loaded) { /* already loaded under that name: no search happens */
		real_dlclose(loaded);
		return file;
	}
	if (!dladdr1(caller, &info, (void **)&lm, RTLD_DL_LINKMAP) || !lm ||
	    dlinfo(lm, RTLD_DI_SERINFOSIZE, &size) != 0 || size.dls_size > sizeof u)
		return file;
	u.si.dls_size = size.dls_size;
	u.si.dls_cnt = size.dls_cnt;
	if (dlinfo(lm, RTLD_DI_SERINFO, &u.si) != 0)
		return file;
	for (unsigned i = 0; i < u.si.dls_cnt; i++) {
		const Dl_serpath *d = &u.si.dls_serpath[i];
		if (d->dls_flags & (LA_SER_CONFIG | LA_SER_DEFAULT))
			break;
		if (md_strlcpy(buf, d->dls_name, n) >= n || md_strlcat(buf, "/", n) >= n ||
		    md_strlcat(buf, file, n) >= n)
			continue;
		if (access(buf, F_OK) == 0)
			return buf;
	}
	return file;
}

MD_PUBLIC void *dlopen(const char *file, int mode)
{
	char path[MD_PATH_MAX];
	void *h;
	resolve();
	h = real_dlopen(as_caller(file, mode, __builtin_return_address(0), path, sizeof path),
			mode);
	reconcile(1, file, (uint64_t)mode, 0, (uint64_t)h);
	return h;
}

MD_PUBLIC void *dlmopen(Lmid_t lmid, const char *file, int mode)
{
	void *h;
	resolve();
	h = real_dlmopen(lmid, file, mode);
	reconcile(3, file, (uint64_t)mode, (uint64_t)lmid, (uint64_t)h);
	return h;
}

MD_PUBLIC int dlclose(void *handle)
{
	char name[MD_PATH_MAX] = "";
	struct link_map *lm = NULL;
	int r;
	resolve();
	/* the name must be copied now: dlclose may free it */
	if (handle && dlinfo(handle, RTLD_DI_LINKMAP, &lm) == 0 && lm && lm->l_name)
		md_strlcpy(name, lm->l_name, sizeof name);
	r = real_dlclose(handle);
	reconcile(2, name, (uint64_t)handle, 0, (uint64_t)(int64_t)r);
	return r;
}
