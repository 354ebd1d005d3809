/* events.h - what events.def says of each record type, as data: names,
 * how records print, which types are recorded mapping calls.  Used by the
 * command and the readers; the preloaded library expands events.def itself
 * (hooks_install.c, hooks_entry.S). */
#ifndef MD_TRACE_EVENTS_H
#define MD_TRACE_EVENTS_H
#include <stdint.h>
#include "format.h"

/* How a record prints after its name (cli/describe.c). */
enum md_show {
	MD_SHOW_NONE,      /* "()" */
	MD_SHOW_ARGS,      /* the arguments by their kinds, then the result */
	MD_SHOW_TEXT,      /* the payload as a quoted line */
	MD_SHOW_FORK,      /* "() = child pid" */
	MD_SHOW_MODULE,    /* base, size, path */
	MD_SHOW_RECONCILE, /* which loader call, its path */
};

/* How the result reads. */
enum md_res {
	MD_RES_INT,        /* a number */
	MD_RES_PTR,        /* an address */
	MD_RES_ERRNUM,     /* an error number: the call failed unless it is 0 */
};

/* How one argument reads. */
enum md_arg {
	MD_A_END = 0,      /* no more printed arguments */
	MD_A_ADDR,         /* an address, NULL for 0 */
	MD_A_UDEC,         /* unsigned decimal (lengths, ids) */
	MD_A_SDEC,         /* signed decimal */
	MD_A_INT,          /* a C int */
	MD_A_HEX,          /* unsigned hexadecimal (file offsets) */
	MD_A_OCT,          /* octal (shmat's flags) */
	MD_A_FD,           /* a file descriptor */
	MD_A_PROT,         /* PROT_* bits */
	MD_A_MAP,          /* MAP_* type and bits */
	MD_A_MREMAP,       /* MREMAP_* bits */
	MD_A_NEWADDR,      /* mremap's new address: shown only with MREMAP_FIXED */
	MD_A_MADV,         /* a MADV_* advice */
	MD_A_SEGSIZE,      /* a segment size, shown after the call as [size N] */
};

enum {
	MD_EVF_CALL = 1,   /* a mapping call that the hooks record */
	MD_EVF_RANGE = 2,  /* args[0], args[1]: the existing range it acts on */
};

#define MD_EV_ARGS 6
struct md_ev_info {
	const char *name;
	uint8_t show, ret, flags;
	uint8_t args[MD_EV_ARGS]; /* enum md_arg, MD_A_END after the last */
	int nr;                   /* its system call's number, -1 for none */
};

extern const struct md_ev_info md_ev_infos[MD_EV_MAX];
extern const struct md_ev_info md_ev_unknown; /* name "?", shows "()" */

static inline const struct md_ev_info *md_ev_info(unsigned type)
{
	return type < MD_EV_MAX && md_ev_infos[type].name ? &md_ev_infos[type] : &md_ev_unknown;
}

const char *md_ev_name(unsigned type);

/* The record type of a raw system call number that changes mappings, or 0
 * (the system calls of events.def's NR() column). */
unsigned md_ev_of_nr(long nr);

/* Whether the call a record describes failed (and so changed nothing). */
static inline int md_rec_failed(const struct md_rec *r)
{
	return r->err != 0 || (md_ev_info(r->type)->ret == MD_RES_ERRNUM && r->ret != 0);
}

/* Whether r was written by a hook for the program's own mapping call (not
 * a nested call made from inside a hook, not a record of the writer's). */
static inline int md_rec_hooked(const struct md_rec *r)
{
	return (md_ev_info(r->type)->flags & MD_EVF_CALL) && !(r->flags & MD_RF_NESTED);
}

#endif
