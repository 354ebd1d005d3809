/* hooks_install.c - find libc's mapping functions and patch their entries
 * to jump to the hooks; report every one left unobserved.
 *
 * Each function is looked up under all its names, events.def's `public`
 * and `private` columns (glibc's private aliases like __mmap are normally
 * the same address; if not, each body is patched).
 * MDTRACE_PATCH=long forces the 13-byte patch form and MDTRACE_PATCH=none
 * patches nothing (both for the tests: "none" is how a W^X policy looks). */
#define _GNU_SOURCE
#include "hooks_common.h"
#include "patch.h"
#include "pp.h"
#include "writer.h"
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

unsigned long md_hook_calls;

struct md_target {
	const char *names[5];
	void *hook;
	unsigned id;
};

#define MD_NAME(_, n) #n,
#define MD_CALL(ev, n, nm, nr, ret, args, pub, priv, fl)                                       \
	{ { MD_PP_EACH_LIST(MD_NAME, _, pub) MD_PP_EACH_LIST(MD_NAME, _, priv) },               \
	  (void *)md_hook_##nm, MD_EV_##ev },
#define MD_EVENT(...)
/* events.def's calls, and syscall() */
static const struct md_target md_targets[] = {
#include "events.def"
#if defined(__x86_64__)
	{ { "syscall" }, (void *)md_hook_syscall, MD_HOOK_ID_SYSCALL },
#endif
};
#undef MD_CALL
#undef MD_EVENT

static void blind(unsigned id, const char *name, const char *why)
{
	char text[256];
	size_t n = strlen(name), m = strlen(why);
	struct md_emit e = { .type = MD_EV_BLIND, .args = { id }, .extra = text };

	if (n + 2 + m > sizeof text)
		m = sizeof text - n - 2;
	memcpy(text, name, n);
	memcpy(text + n, ": ", 2);
	memcpy(text + n + 2, why, m);
	e.extra_len = (uint32_t)(n + 2 + m);
	md_emit(&e, 0, 0);
}

/* The patcher's own mprotects of libc text, recorded as the tool's. */
static void prot_changed(unsigned long addr, unsigned long len, int prot)
{
	struct md_emit e = { .type = MD_EV_MPROTECT, .flags = MD_RF_TOOL,
		.args = { addr, len, (uint64_t)prot } };

	if (__atomic_load_n(&md_active, __ATOMIC_ACQUIRE))
		md_emit(&e, 0, 0);
}

/* md_patch of libc's `name` (at fn), with its mprotects of libc's text
 * recorded (every patch, and md_patch_release's: the signal functions are
 * patched later than the mapping calls). */
static int patch(void *libc, const char *name, void *fn, void *hook, int long_form, int *err)
{
	md_patch_prot_hook = prot_changed;
	return md_patch(fn, md_sym_size(libc, name, fn), hook, long_form, err);
}

/* Patch every distinct body of one function; returns how many stay blind. */
static int install_one(void *libc, const struct md_target *t, int long_form)
{
	void *done[5];
	int ndone = 0, nblind = 0, found = 0;

	for (int i = 0; i < 5 && t->names[i]; i++) {
		void *fn = dlsym(libc, t->names[i]);
		int seen = 0, err, st;

		if (!fn)
			continue;
		found = 1;
		for (int j = 0; j < ndone; j++)
			seen |= done[j] == fn;
		if (seen)
			continue;
		done[ndone++] = fn;
		st = patch(libc, t->names[i], fn, t->hook, long_form, &err);
		if (st != MD_PATCH_DONE && st != MD_PATCH_OURS) {
			blind(t->id, t->names[i], md_patch_reason(st));
			nblind++;
		}
	}
	if (!found) {
		blind(t->id, t->names[0], "not found in libc");
		nblind++;
	}
	return nblind;
}

int md_patch_named(void *libc, const char *name, void *hook, const char *otherwise)
{
	void *fn = libc ? dlsym(libc, name) : NULL;
	int err = 0, st = fn ? patch(libc, name, fn, hook, 0, &err) : -1;
	char why[200] = "";
	if (st == MD_PATCH_DONE || st == MD_PATCH_OURS)
		return 0;
	md_strlcat(why, fn ? md_patch_reason(st) : "not found in libc", sizeof why);
	md_strlcat(why, ": ", sizeof why);
	md_strlcat(why, otherwise, sizeof why);
	md_writer_set_flag(MD_TF_BLIND);
	blind(0, name, why);
	return -1;
}

void md_patch_list(const struct md_named_hook *h, unsigned n, const char *otherwise)
{
	void *libc = md_libc();
	md_patch_hold();
	for (unsigned i = 0; i < n; i++)
		md_patch_named(libc, h[i].name, h[i].hook, otherwise);
	md_patch_release();
}

int md_hooks_install(void)
{
	const char *env = getenv("MDTRACE_PATCH");
	int long_form = env && !strcmp(env, "long"), nblind = 0;
	void *libc = md_libc();

	if (env && !strcmp(env, "none")) {
		for (size_t i = 0; i < sizeof md_targets / sizeof md_targets[0]; i++)
			blind(md_targets[i].id, md_targets[i].names[0], "not patched (MDTRACE_PATCH=none)");
		return (int)(sizeof md_targets / sizeof md_targets[0]);
	}

	for (size_t i = 0; i < sizeof md_targets / sizeof md_targets[0]; i++) {
		if (libc) {
			nblind += install_one(libc, &md_targets[i], long_form);
		} else {
			blind(md_targets[i].id, md_targets[i].names[0], "libc.so.6 not found");
			nblind++;
		}
	}
#if !defined(__x86_64__)
	blind(MD_HOOK_ID_SYSCALL, "syscall", "syscall() is not hooked on this architecture");
	nblind++;
#endif
	md_unseen_install(libc);
	return nblind;
}
