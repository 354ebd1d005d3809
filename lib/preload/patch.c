/* patch.c - write a jump to a hook over the entry of a libc function.
 *
 * Two forms, chosen so that a thread running the function meanwhile never
 * executes half-written bytes (mdtrace-preload(7), LIBC-INTERNAL CALLS):
 *  - short: `jmp rel32` (5 bytes) when the hook is within +-2 GiB.  The 8
 *    aligned bytes around it are replaced by one atomic store; the bytes
 *    after the jump are unchanged, so a thread blocked in the syscall (which
 *    in munmap & co. sits at offset 5) returns into the original code.
 *  - long: `movabs $hook, %r11; jmp *%r11` (13 bytes).  First an atomic
 *    `jmp .` (eb fe) at the entry parks newcomers, then a pause lets threads
 *    already past the entry leave, then the tail, then the first 2 bytes.
 * The text page is made writable with a raw mprotect and given back the
 * protection /proc/self/maps showed (r-x if the page is not found). */
#define _GNU_SOURCE
#include "patch.h"
#include "prim.h"
#include "sys.h"
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

void (*md_patch_prot_hook)(unsigned long addr, unsigned long len, int prot);

const char *md_patch_reason(int status)
{
	switch (status) {
	case MD_PATCH_FOREIGN: return "already patched by another tool (its entry starts with a jump), left alone";
	case MD_PATCH_SHORT: return "function too short to hold a jump";
	case MD_PATCH_ALIGN: return "entry cannot be rewritten atomically";
	case MD_PATCH_NOWRITE: return "libc text could not be made writable (mprotect refused: W^X policy?)";
	case MD_PATCH_NOARCH: return "libc-internal calls not observed on this architecture";
	}
	return "not patched";
}

#if defined(__x86_64__)

#define LONG_LEN 13

static long page_size(void)
{
	long p = sysconf(_SC_PAGESIZE);
	return p > 0 ? p : 4096;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* "start-end perms ..." -> its bounds and PROT_* bits; 0 if not a line. */
static int maps_line(const char *s, unsigned long *lo, unsigned long *hi, int *prot)
{
	int v;

	*lo = *hi = 0;
	for (; (v = hexval(*s)) >= 0; s++)
		*lo = *lo << 4 | (unsigned long)v;
	if (*s++ != '-')
		return 0;
	for (; (v = hexval(*s)) >= 0; s++)
		*hi = *hi << 4 | (unsigned long)v;
	if (*s++ != ' ')
		return 0;
	*prot = (s[0] == 'r' ? PROT_READ : 0) | (s[1] == 'w' ? PROT_WRITE : 0) |
		(s[2] == 'x' ? PROT_EXEC : 0);
	return 1;
}

/* Line splitting for maps_each and md_patch_maps: fn gets each line's
 * first 63 bytes (all that is parsed) until it returns non-zero. */
struct lines {
	char line[64];
	unsigned ll;
	int stop;
	int (*fn)(const char *line, void *arg);
	void *arg;
};

static void feed(struct lines *l, const char *buf, size_t n)
{
	for (size_t i = 0; i < n && !l->stop; i++) {
		if (buf[i] != '\n') {
			if (l->ll < sizeof l->line - 1)
				l->line[l->ll++] = buf[i];
			continue;
		}
		l->line[l->ll] = 0;
		l->ll = 0;
		l->stop = l->fn(l->line, l->arg);
	}
}

/* Calls fn for each line of /proc/self/maps; raw syscalls, no malloc. */
static void maps_each(int (*fn)(const char *line, void *arg), void *arg)
{
	char buf[2048];
	struct lines l = { .fn = fn, .arg = arg };
	int fd = md_open_read("/proc/self/maps");

	if (fd < 0)
		return;
	while (!l.stop) {
		size_t n = md_read_full(fd, buf, sizeof buf);
		if (!n)
			break;
		feed(&l, buf, n);
	}
	md_close(fd);
}

struct one_page {
	unsigned long page;
	int prot;
};

static int find_page(const char *line, void *arg)
{
	struct one_page *p = arg;
	unsigned long lo, hi;
	int prot;
	if (!maps_line(line, &lo, &hi, &prot) || p->page < lo || p->page >= hi)
		return 0;
	p->prot = prot;
	return 1;
}

/* While patches are held, the executable mappings as one read of
 * /proc/self/maps showed them at the first page that needed one: the
 * start patches some twenty functions on a handful of pages, and a read
 * costs more than the rest of a patch. */
#define XMAP_MAX 64
static struct {
	unsigned long lo, hi;
	int prot;
} xmap[XMAP_MAX];
static int nxmap = -1; /* -1: not read during this hold */

static int add_text(const char *line, void *arg)
{
	unsigned long lo, hi;
	int prot;
	(void)arg;
	if (maps_line(line, &lo, &hi, &prot) && (prot & PROT_EXEC) && nxmap < XMAP_MAX) {
		xmap[nxmap].lo = lo, xmap[nxmap].hi = hi;
		xmap[nxmap++].prot = prot;
	}
	return 0;
}

static int holding, xmap_given;

/* The executable mappings from a snapshot of /proc/self/maps the caller
 * has just read (the seed): the holds until md_patch_maps(NULL, 0) use it
 * instead of reading their own. */
void md_patch_maps(const char *text, size_t len)
{
	struct lines l = { .fn = add_text };
	xmap_given = text != NULL;
	nxmap = -1;
	if (!text)
		return;
	nxmap = 0;
	feed(&l, text, len);
}

/* The stretch made writable for a held patch: the page and up to 32 pages
 * either side in its mapping.  The functions patched together sit close
 * (libc's mapping calls within some twenty pages), and an mprotect walks
 * the page tables of its whole range: all of libc's 340 pages cost more
 * than the pairs saved. */
#define HOLD_AROUND 32

/* The page's protection (r-x if the kernel does not show it) and, while
 * patches are held, the stretch of its executable mapping around it
 * ([*lo, *hi); else the page alone). */
static int page_prot(unsigned long page, unsigned long *lo, unsigned long *hi)
{
	unsigned long ps = (unsigned long)page_size(), w = HOLD_AROUND * ps;
	struct one_page p = { page, PROT_READ | PROT_EXEC };
	*lo = page;
	*hi = page + ps;
	if (holding) {
		if (nxmap < 0) {
			nxmap = 0;
			maps_each(add_text, NULL);
		}
		for (int i = 0; i < nxmap; i++)
			if (page >= xmap[i].lo && page < xmap[i].hi) {
				*lo = page - xmap[i].lo > w ? page - w : xmap[i].lo;
				*hi = xmap[i].hi - page > w + ps ? page + w + ps : xmap[i].hi;
				return xmap[i].prot;
			}
	}
	maps_each(find_page, &p);
	return p.prot;
}

static void set_prot(unsigned long a, unsigned long len, int prot)
{
	md_syscall6(SYS_mprotect, (long)a, (long)len, prot, 0, 0, 0);
	if (md_patch_prot_hook)
		md_patch_prot_hook(a, len, prot);
}

/* Between md_patch_hold and md_patch_release, text made writable stays so
 * and is given back once, a stretch (page_prot) at a time: a process's
 * start patches some twenty functions on a handful of libc's pages, and
 * two mprotects a page cost more than the rest of the patches. */
#define HELD_MAX 16
static struct {
	unsigned long lo, hi;
	int prot;
} held[HELD_MAX];
static int nheld;

static int is_held(unsigned long page)
{
	for (int i = 0; i < nheld; i++)
		if (page >= held[i].lo && page < held[i].hi)
			return 1;
	return 0;
}

void md_patch_hold(void)
{
	if (!holding++ && !xmap_given)
		nxmap = -1;
}

void md_patch_release(void)
{
	if (--holding > 0)
		return;
	for (int i = 0; i < nheld; i++)
		set_prot(held[i].lo, held[i].hi - held[i].lo, held[i].prot);
	nheld = 0;
}

/* Make [a, a+len) writable, each of its (at most two) pages with the
 * stretch around it that page_prot names; *n_out stretches to give back
 * (none of them while held: md_patch_release does). */
struct stretch {
	unsigned long lo, hi;
	int prot;
};

static void reprotect(const struct stretch back[2], int n)
{
	for (int i = 0; i < n; i++)
		set_prot(back[i].lo, back[i].hi - back[i].lo, back[i].prot);
}

static int unprotect(uintptr_t a, size_t len, struct stretch back[2], int *n_out, int *err)
{
	unsigned long ps = (unsigned long)page_size();
	unsigned long first = a & ~(ps - 1), last = (a + len - 1) & ~(ps - 1);
	int n = 0;

	*n_out = 0;
	for (unsigned long page = first; page <= last; page += ps) {
		unsigned long lo, hi;
		int prot;
		if ((holding && is_held(page)) || (n && page < back[n - 1].hi))
			continue;
		prot = page_prot(page, &lo, &hi);
		if (!holding || nheld >= HELD_MAX)
			lo = page, hi = page + ps; /* given back at once: the page alone */
		long r = md_syscall6(SYS_mprotect, (long)lo, (long)(hi - lo),
				     PROT_READ | PROT_WRITE | PROT_EXEC, 0, 0, 0);
		if (r < 0 && hi - lo > ps) { /* strict overcommit: the mapping's charge */
			lo = page, hi = page + ps;
			r = md_syscall6(SYS_mprotect, (long)lo, (long)ps, PROT_READ | PROT_WRITE | PROT_EXEC,
					0, 0, 0);
		}
		if (r < 0) {
			*err = (int)-r;
			reprotect(back, n);
			return -1;
		}
		if (md_patch_prot_hook)
			md_patch_prot_hook(lo, hi - lo, PROT_READ | PROT_WRITE | PROT_EXEC);
		if (holding && nheld < HELD_MAX) {
			held[nheld].lo = lo, held[nheld].hi = hi;
			held[nheld++].prot = prot;
		} else {
			back[n].lo = lo, back[n].hi = hi;
			back[n++].prot = prot;
		}
	}
	*n_out = n;
	return 0;
}

static int32_t rd32(const uint8_t *p)
{
	int32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

/* Does the code at p start with a jump?  *to gets its target when known. */
static int is_jump(const uint8_t *p, uintptr_t *to)
{
	*to = 0;
	if (p[0] == 0xf3 && p[1] == 0x0f && p[2] == 0x1e && p[3] == 0xfa)
		p += 4; /* endbr64 */
	if (p[0] == 0xe9) {
		*to = (uintptr_t)p + 5 + (intptr_t)rd32(p + 1);
		return 1;
	}
	if (p[0] == 0xeb)
		return 1;
	if (p[0] == 0xff && p[1] == 0x25)
		return 1;
	if (p[0] == 0x49 && p[1] == 0xbb && p[10] == 0x41 && p[11] == 0xff && p[12] == 0xe3) {
		*to = (uintptr_t)rd64(p + 2);
		return 1;
	}
	if (p[0] == 0x48 && p[1] == 0xb8 && p[10] == 0xff && p[11] == 0xe0)
		return 1;
	if (p[0] == 0x68 && p[5] == 0xc3)
		return 1;
	return 0;
}

static int patch_short(uintptr_t a, uintptr_t hook, int *err)
{
	uintptr_t w = a & ~(uintptr_t)7;
	unsigned off = (unsigned)(a - w);
	int32_t rel = (int32_t)(hook - (a + 5));
	struct stretch back[2];
	int n;
	uint64_t old, new;
	uint8_t *b = (uint8_t *)&new;

	if (unprotect(w, 8, back, &n, err) < 0)
		return MD_PATCH_NOWRITE;
	old = __atomic_load_n((uint64_t *)w, __ATOMIC_ACQUIRE);
	do {
		new = old;
		b[off] = 0xe9;
		memcpy(b + off + 1, &rel, 4);
	} while (!__atomic_compare_exchange_n((uint64_t *)w, &old, new, 0, __ATOMIC_SEQ_CST, __ATOMIC_ACQUIRE));
	reprotect(back, n);
	return MD_PATCH_DONE;
}

static int patch_long(uintptr_t a, uintptr_t hook, int *err)
{
	static const struct timespec pause = { 0, 2000000 };
	uint8_t code[LONG_LEN] = { 0x49, 0xbb, 0, 0, 0, 0, 0, 0, 0, 0, 0x41, 0xff, 0xe3 };
	volatile uint8_t *p = (volatile uint8_t *)a;
	struct stretch back[2];
	int n;
	uint16_t head;

	if ((a & 63) == 63)
		return MD_PATCH_ALIGN; /* the 2-byte stores would split a cache line */
	memcpy(code + 2, &hook, 8);
	memcpy(&head, code, 2);
	if (unprotect(a, LONG_LEN, back, &n, err) < 0)
		return MD_PATCH_NOWRITE;
	__atomic_store_n((uint16_t *)a, (uint16_t)0xfeeb, __ATOMIC_SEQ_CST);
	md_syscall6(SYS_nanosleep, (long)&pause, 0, 0, 0, 0, 0);
	for (int i = 2; i < LONG_LEN; i++)
		p[i] = code[i];
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n((uint16_t *)a, head, __ATOMIC_SEQ_CST);
	reprotect(back, n);
	return MD_PATCH_DONE;
}

int md_patch(void *fn, size_t size, void *hook, int long_form, int *err)
{
	uintptr_t a = (uintptr_t)fn, h = (uintptr_t)hook, to;
	intptr_t d = (intptr_t)(h - (a + 5));

	*err = 0;
	if (is_jump(fn, &to))
		return to == h ? MD_PATCH_OURS : MD_PATCH_FOREIGN;
	if (!long_form && (a & 7) <= 3 && d == (int32_t)d && (!size || size >= 5))
		return patch_short(a, h, err);
	if (size && size < LONG_LEN)
		return MD_PATCH_SHORT;
	return patch_long(a, h, err);
}

#else

void md_patch_maps(const char *text, size_t len)
{
	(void)text, (void)len;
}

void md_patch_hold(void)
{
}

void md_patch_release(void)
{
}

int md_patch(void *fn, size_t size, void *hook, int long_form, int *err)
{
	(void)fn, (void)size, (void)hook, (void)long_form;
	*err = 0;
	return MD_PATCH_NOARCH;
}

#endif
