/* parse.c - numbers, lengths, policies and points on the command line. */
#define _GNU_SOURCE
#include "cli.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

int md_parse_u64(const char *s, uint64_t *v)
{
	char *end;
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	unsigned long long x = strtoull(s, &end, (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? 16 : 10);
	if (errno || end == s || *end)
		return -1;
	*v = x;
	return 0;
}

int md_parse_len(const char *s, uint64_t *v)
{
	size_t n = s ? strlen(s) : 0;
	unsigned shift = 0;
	char buf[64];
	if (!n || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n + 1);
	switch (buf[n - 1]) {
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	}
	if (shift)
		buf[n - 1] = 0;
	if (md_parse_u64(buf, v) < 0 || (shift && *v >> (64 - shift)) || !*v)
		return -1;
	*v <<= shift;
	return 0;
}

int md_parse_policy(const char *s, enum md_policy *p)
{
	if (!strcmp(s, "contract"))
		*p = MD_POLICY_CONTRACT;
	else if (!strcmp(s, "dma"))
		*p = MD_POLICY_DMA;
	else if (!strcmp(s, "xnu"))
		*p = MD_POLICY_XNU;
	else
		return -1;
	return 0;
}

int md_parse_point(const char *s, struct md_point *p)
{
	*p = (struct md_point){0};
	if (!strcmp(s, "start"))
		p->kind = MD_PT_START;
	else if (!strcmp(s, "end"))
		p->kind = MD_PT_END;
	else if (!strncmp(s, "mark:", 5) && s[5])
		p->kind = MD_PT_MARK, p->label = s + 5;
	else if (md_parse_u64(s, &p->seq) == 0)
		p->kind = MD_PT_SEQ;
	else
		return -1;
	return 0;
}

static int mark_is(const struct md_rec *r, const char *label)
{
	size_t n = strlen(label);
	const char *x = (const char *)md_rec_extra(r);
	size_t len = r->extra_len;
	while (len && !x[len - 1]) /* a NUL terminator may be recorded */
		len--;
	return r->type == MD_EV_MARK && len == n && !memcmp(x, label, n);
}

int md_point_seq(struct md_replay *rp, const struct md_point *p, uint64_t *seq)
{
	size_t off = 0;
	const struct md_rec *r;
	switch (p->kind) {
	case MD_PT_NONE:
	case MD_PT_END:
		*seq = UINT64_MAX;
		return 0;
	case MD_PT_SEQ:
		*seq = p->seq;
		return 0;
	case MD_PT_START: /* after what was there before tracing began */
		*seq = 0;
		while ((r = md_replay_walk(rp, &off)))
			if (r->type == MD_EV_SEED) {
				*seq = r->seq;
				break;
			}
		return 0;
	case MD_PT_MARK:
		while ((r = md_replay_walk(rp, &off)))
			if (mark_is(r, p->label)) {
				*seq = r->seq;
				return 0;
			}
		return -1;
	}
	return -1;
}

const char *md_point_text(const struct md_point *p, char *buf, size_t n)
{
	switch (p->kind) {
	case MD_PT_START: return "start";
	case MD_PT_MARK: snprintf(buf, n, "mark:%s", p->label); return buf;
	case MD_PT_SEQ: snprintf(buf, n, "%llu", (unsigned long long)p->seq); return buf;
	default: return "end";
	}
}

void md_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* The arguments of a command that takes [--json] TRACE. */
const char *md_json_trace_args(int argc, char **argv, const char *cmd, const char *usage,
			       int *json)
{
	static const struct option opts[] = {
		{"json", no_argument, 0, 'j'}, {"help", no_argument, 0, 'h'}, {0}};
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'j') {
			*json = 1;
		} else if (c == 'h') {
			fputs(usage, stdout);
			exit(0);
		} else {
			md_die(EXIT_USAGE, "%s: unknown option '%s' (try 'mdtrace %s --help')", cmd,
			       argv[optind - 1], cmd);
		}
	}
	if (argc - optind != 1)
		md_die(EXIT_USAGE, "%s: need exactly one TRACE (try --help)", cmd);
	return argv[optind];
}

int md_parse_dir(const char *s, enum md_dir *d)
{
	if (!strcmp(s, "in"))
		*d = MD_DIR_IN;
	else if (!strcmp(s, "out"))
		*d = MD_DIR_OUT;
	else if (!strcmp(s, "inout"))
		*d = MD_DIR_INOUT;
	else
		return -1;
	return 0;
}

int md_parse_pid(const char *s, uint64_t *pid)
{
	return md_parse_u64(s, pid) < 0 || !*pid || *pid > INT32_MAX ? -1 : 0;
}
