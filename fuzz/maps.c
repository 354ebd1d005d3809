/* maps.c - fuzz target: the /proc/PID/maps parser (lib/core/seed.c,
 * reconcile.c) and printer (procfmt.c), which read the maps texts of seed,
 * reconcile and end records.  The input up to its first NUL seeds a table,
 * the rest is compared with it and then reconciled into it; the table is
 * printed in both formats and its invariants must hold. */
#include "fuzz.h"
#include "procfmt.h"
#include "table.h"
#include <stdio.h>
#include <string.h>

static FILE *devnull(void)
{
	static FILE *f;
	if (!f && !(f = fopen("/dev/null", "w")))
		md_fuzz_fail("/dev/null");
	return f;
}

static void lines(const char *s, const char *end)
{
	static struct md_maps_line l;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		struct md_map_req r;
		if (md_maps_parse(s, le, &l) == 0)
			md_maps_request(&l, &r);
		s = le + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nul = memchr(text, 0, size);
	size_t a = nul ? (size_t)(nul - text) : size, b = nul ? size - a - 1 : 0;
	const char *second = nul ? nul + 1 : text + size;
	lines(text, text + a);
	struct md_table *t = md_table_new(4096, MD_POLICY_CONTRACT);
	if (!t)
		return 0;
	md_table_seed(t, text, a, 1);
	md_table_compare(t, second, b, NULL, NULL);
	md_table_reconcile(t, second, b, 2, NULL, NULL);
	const char *why = md_table_check(t);
	if (why)
		md_fuzz_fail(why);
	md_print_maps(devnull(), t, 0);
	md_print_maps(devnull(), t, 1);
	md_table_free(t);
	return 0;
}
