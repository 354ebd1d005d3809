/* calls.c - the records the supervisor writes (calls.h).  A call is
 * recorded with the arguments it was entered with and the kernel's
 * result, as the preload records a raw system call (hooks_syscall.c):
 * brk with the break before it in args[1] and no error, shmat with the
 * segment's size, device and key, mmap of a file with the file's identity. */
#define _GNU_SOURCE
#include "calls.h"
#include "events.h"
#include "filter.h"
#include "modules.h"
#include "remote.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>

enum { BLIND_FOREIGN = 1u << 31 };

static int failed(long r)
{
	return (unsigned long)r > -4096UL;
}

static uint64_t seed(struct md_image *img, int pid)
{
	size_t len = 0;
	char *maps = md_remote_maps(pid, &len);
	struct md_emit e = { .type = MD_EV_SEED, .extra = maps, .extra_len = (uint32_t)len };
	uint64_t seq = md_tfile_emit(&img->tf, &e, NULL, 0, pid);
	if (maps) {
		md_modules_seed(&img->tf, pid, maps, len);
		md_code_seed(img, maps, len);
	}
	free(maps);
	return seq;
}

struct md_image *md_image_start(int pid, enum md_trace_role role, const char *root,
				const struct md_image *parent, uint64_t parent_seq,
				unsigned stacks)
{
	struct md_image *img = calloc(1, sizeof *img);
	int r = img ? md_tfile_create(&img->tf, role, root, pid) : -12;
	if (r < 0) {
		fprintf(stderr, "mdtrace: cannot create the trace of process %d under %s: %s; "
			"it runs untraced\n", pid, root, strerror(-r));
		free(img);
		return NULL;
	}
	struct md_trace_header *h = img->tf.h;
	md_remote_header(h, pid, stacks);
	if (parent) {
		snprintf(h->parent_trace, sizeof h->parent_trace, "%s", parent->tf.path);
		h->parent_seq = parent_seq;
	}
	img->brk = role == MD_TRACE_FORK_CHILD && parent ? parent->brk : h->brk_start;
	seed(img, pid);
	return img;
}

void md_image_end(struct md_image *img, int tid, int maps)
{
	size_t len = 0;
	char *text = maps ? md_remote_maps(tid, &len) : NULL;
	if (maps) {
		struct md_emit e = { .type = MD_EV_END, .extra = text, .extra_len = (uint32_t)len };
		md_tfile_emit(&img->tf, &e, NULL, 0, tid);
	}
	free(text);
	md_tfile_close(&img->tf, maps ? MD_TF_CLOSED : 0);
	img->ended = 1;
}

void md_image_free(struct md_image *img)
{
	if (!img->ended)
		md_image_end(img, 0, 0);
	md_remote_stack_image_gone(img);
	free(img->code);
	free(img);
}

static void shm_ident(struct md_task *t, uint64_t *args, long r)
{
	struct shmid_ds ds;
	args[3] = args[4] = args[5] = 0; /* not the caller's */
	if (failed(r) || shmctl((int)args[0], IPC_STAT, &ds) < 0)
		return;
	size_t len = 0;
	char *maps = md_remote_maps(t->tid, &len);
	args[3] = ds.shm_segsz;
	args[4] = maps ? md_remote_dev_at(maps, len, (uint64_t)r) : 0;
	args[5] = (uint32_t)ds.shm_perm.__key;
	free(maps);
}

static void file_mapped(struct md_task *t, struct md_emit *e, long r)
{
	struct md_file_id id;
	char path[4096], fdpath[64];
	int fd = (int)e->args[4];
	md_remote_file(t->tgid, fd, &id, path, sizeof path);
	e->extra = &id;
	e->extra_len = sizeof id;
	e->extra2 = path;
	e->extra2_len = id.path_len;
	md_tfile_emit(&t->img->tf, e, t->frames, t->nframes, t->tid);
	snprintf(fdpath, sizeof fdpath, "/proc/%d/fd/%d", t->tgid, fd);
	path[id.path_len < sizeof path ? id.path_len : sizeof path - 1] = 0;
	if (e->args[5] == 0)
		md_modules_mapped(&t->img->tf, t->tid, fdpath, path, (uint64_t)r, e->args[1]);
}

void md_call_done(struct md_task *t, long r)
{
	struct md_image *img = t->img;
	struct md_emit e = { .type = (uint16_t)md_ev_of_nr(t->nr), .ret = (uint64_t)r,
			     .err = failed(r) ? (int32_t)-r : 0 };
	memcpy(e.args, t->args, sizeof e.args);
	if (t->nr == SYS_brk) {
		e.err = 0; /* the raw call returns the break, failed or not */
		e.args[1] = t->brk_old;
		img->brk = (uint64_t)r;
	} else if (t->nr == SYS_shmat) {
		shm_ident(t, e.args, r);
	}
	if (!failed(r))
		md_code_note(img, t->tid, t->nr, t->args, r);
	if (t->nr == SYS_mmap && !failed(r) && !(e.args[3] & MAP_ANONYMOUS))
		file_mapped(t, &e, r);
	else
		md_tfile_emit(&img->tf, &e, t->frames, t->nframes, t->tid);
}

void md_call_blind(struct md_task *t, long nr, int foreign)
{
	const char *text = "a system call of another ABI (x32 or i386): its mapping calls are not recorded";
	unsigned bit = BLIND_FOREIGN;
	if (!foreign && !md_filter_unseen(nr, &text, &bit))
		return;
	if (t->img->blind & bit)
		return;
	t->img->blind |= bit;
	t->img->tf.h->flags |= MD_TF_BLIND;
	struct md_emit e = { .type = MD_EV_BLIND, .extra = text, .extra_len = (uint32_t)strlen(text) };
	md_tfile_emit(&t->img->tf, &e, NULL, 0, t->tid);
}

uint64_t md_call_fork(struct md_task *t, int child)
{
	struct md_emit e = { .type = MD_EV_FORK, .ret = (uint64_t)child };
	unsigned n = md_remote_stack(t, t->frames, t->img->tf.h->stack_depth);
	return md_tfile_emit(&t->img->tf, &e, t->frames, n, t->tid);
}

uint64_t md_call_exec(struct md_task *t, const char *path)
{
	struct md_emit e = { .type = MD_EV_EXEC, .args = { (uint64_t)t->tgid, 0, (uint64_t)-1 },
			     .extra = path, .extra_len = (uint32_t)strlen(path) };
	return md_tfile_emit(&t->img->tf, &e, NULL, 0, t->tid);
}
