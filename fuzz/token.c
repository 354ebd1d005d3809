/* token.c - fuzz target: the live token parser (cli/token.c), which reads
 * a token a user pastes.  The check digest at a token's end is made right
 * here when the input has room for one, as a forger would, so that the
 * fields behind it are reached.  A token accepted must print as text that
 * parses to the same token and prints the same again. */
#include "fuzz.h"
#include "token.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct md_token t, u;

/* token.c's digest: 64-bit FNV-1a */
static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	while (n--)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

static void forge_check(char *s)
{
	char *last = strrchr(s, ':'), hex[17];
	if (!last || strlen(last + 1) != 16)
		return;
	snprintf(hex, sizeof hex, "%016llx", (unsigned long long)fnv(s, (size_t)(last - s)));
	memcpy(last + 1, hex, 16);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), why[256];
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	forge_check(s);
	if (md_token_parse(s, &t, why, sizeof why) == 0) {
		char *once = md_token_format(&t), *twice = NULL;
		if (!once || md_token_parse(once, &u, why, sizeof why) < 0 || !(twice = md_token_format(&u)))
			md_fuzz_fail("a token printed from a parsed one does not parse");
		if (strcmp(once, twice) || u.n != t.n || u.ident != t.ident || u.seq != t.seq ||
		    u.pid != t.pid || memcmp(u.ranges, t.ranges, t.n * sizeof *t.ranges))
			md_fuzz_fail("a parsed token does not print back as itself");
		free(once);
		free(twice);
	}
	free(s);
	return 0;
}
