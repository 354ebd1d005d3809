/* events.c - events.def as a table (see events.h). */
#define _GNU_SOURCE
#include "events.h"
#include "pp.h"
#include <sys/syscall.h>

#define NR(x) __NR_##x
#define NONR (-1)
#define RANGE MD_EVF_RANGE
#define MD_ARG_KIND(_, k) MD_A_##k,

#define MD_CALL(ev, n, nm, nr_, ret_, args_, pub, priv, fl)                                   \
	[n] = { .name = #nm, .show = MD_SHOW_ARGS, .ret = MD_RES_##ret_,                      \
		.flags = MD_EVF_CALL | (fl), .args = { MD_PP_EACH_LIST(MD_ARG_KIND, _, args_) },  \
		.nr = nr_ },
#define MD_EVENT(ev, n, nm, show_, ret_, args_)                                                \
	[n] = { .name = #nm, .show = MD_SHOW_##show_, .ret = MD_RES_##ret_,                   \
		.args = { MD_PP_EACH_LIST(MD_ARG_KIND, _, args_) }, .nr = -1 },

const struct md_ev_info md_ev_infos[MD_EV_MAX] = {
#include "events.def"
};
#undef MD_CALL
#undef MD_EVENT

const struct md_ev_info md_ev_unknown = { .name = "?", .show = MD_SHOW_NONE, .nr = -1 };

const char *md_ev_name(unsigned type)
{
	return md_ev_info(type)->name;
}

unsigned md_ev_of_nr(long nr)
{
	for (unsigned t = 1; t < MD_EV_MAX; t++)
		if (md_ev_infos[t].nr == nr && nr >= 0)
			return t;
	return 0;
}
