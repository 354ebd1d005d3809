/* check_token.c - live descriptor tokens (cli/token.c): what capture
 * prints, query reads back; every damaged character is caught; tokens that
 * are well formed (a correct check digest) but hostile are refused field by
 * field. */
#define _GNU_SOURCE
#include "../check_main.h"
#include "token.h"
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The check digest, computed independently: FNV-1a 64 of the text before
 * the last ':' (token.h). */
static char *seal(const char *body)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (const unsigned char *p = (const unsigned char *)body; *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	char *s;
	ck_assert_int_ge(asprintf(&s, "%s:%016llx", body, (unsigned long long)h), 0);
	return s;
}

static struct md_token sample(void)
{
	struct md_token t = {.pid = 4242, .start_ns = 1795462938123456789ULL, .ino = 0x1a2b,
			     .records = 57, .seq = 58, .dir = MD_DIR_OUT, .policy = MD_POLICY_DMA,
			     .ident = 0xfedcba9876543210ULL, .n = 2};
	t.ranges[0] = (struct md_range){0x7f0000001000ULL, 0x10000};
	t.ranges[1] = (struct md_range){0x7f0000100000ULL, 1};
	return t;
}

START_TEST(round_trip)
{
	struct md_token t = sample(), u;
	char why[200] = "";
	char *s = md_token_format(&t);
	ck_assert_ptr_nonnull(s);
	static const char want[] = "mdt1:4242:1795462938123456789:1a2b:57:58:out:dma:"
				   "7f0000001000+10000,7f0000100000+1:fedcba9876543210:";
	ck_assert_uint_eq(strlen(s), sizeof want - 1 + 16);
	ck_assert_int_eq(strncmp(s, want, sizeof want - 1), 0);
	char *body = strndup(s, strlen(s) - 17);
	char *sealed = seal(body);
	ck_assert_str_eq(s, sealed);
	ck_assert_int_eq(md_token_parse(s, &u, why, sizeof why), 0);
	ck_assert_int_eq(u.pid, t.pid);
	ck_assert(u.start_ns == t.start_ns && u.ino == t.ino && u.records == t.records &&
		  u.seq == t.seq && u.ident == t.ident);
	ck_assert_int_eq(u.dir, MD_DIR_OUT);
	ck_assert_int_eq(u.policy, MD_POLICY_DMA);
	ck_assert_uint_eq(u.n, 2);
	ck_assert(u.ranges[0].addr == t.ranges[0].addr && u.ranges[0].len == t.ranges[0].len);
	ck_assert(u.ranges[1].addr == t.ranges[1].addr && u.ranges[1].len == t.ranges[1].len);
	free(body);
	free(sealed);
	free(s);
}
END_TEST

/* Every policy prints as its name and reads back (loop index: the policy). */
START_TEST(policy_round_trips)
{
	static const char *const names[] = {"contract", "dma", "xnu"};
	struct md_token t = sample(), u;
	char why[200] = "", want[16];
	t.policy = (enum md_policy)_i;
	char *s = md_token_format(&t);
	ck_assert_ptr_nonnull(s);
	snprintf(want, sizeof want, ":out:%s:", names[_i]);
	ck_assert_msg(strstr(s, want) != NULL, "'%s' lacks '%s'", s, want);
	ck_assert_msg(md_token_parse(s, &u, why, sizeof why) == 0, "'%s': %s", s, why);
	ck_assert_int_eq(u.policy, t.policy);
	free(s);
}
END_TEST

START_TEST(every_changed_character_is_caught)
{
	struct md_token t = sample(), u;
	char why[200];
	char *s = md_token_format(&t);
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		char keep = s[i];
		for (const char *c = "0159af:+,mx"; *c; c++) {
			if (*c == keep)
				continue;
			s[i] = *c;
			ck_assert_msg(md_token_parse(s, &u, why, sizeof why) < 0,
				      "'%s' (char %zu changed) was accepted", s, i);
		}
		s[i] = keep;
	}
	for (size_t k = 0; k < n; k++) { /* every prefix: cut short */
		char *p = strndup(s, k);
		ck_assert_msg(md_token_parse(p, &u, why, sizeof why) < 0, "prefix '%s' accepted", p);
		free(p);
	}
	free(s);
}
END_TEST

/* body: the text before the check digest, sealed with a correct one. */
static void refused(const char *body, const char *words)
{
	struct md_token u;
	char why[200] = "";
	char *s = seal(body);
	ck_assert_msg(md_token_parse(s, &u, why, sizeof why) < 0, "'%s' was accepted", s);
	ck_assert_msg(strstr(why, words) != NULL, "'%s': '%s' does not say '%s'", s, why, words);
	ck_assert_msg(!strchr(why, '\n'), "'%s': more than one line", why);
	free(s);
}

#define OK_ID "0123456789abcdef"

START_TEST(sealed_hostile_fields_are_refused)
{
	refused("mdt1:0:1:2:3:4:inout:contract:1000+1:" OK_ID, "pid is out of range");
	refused("mdt1:2147483648:1:2:3:4:inout:contract:1000+1:" OK_ID, "pid is out of range");
	refused("mdt1:-5:1:2:3:4:inout:contract:1000+1:" OK_ID, "bad character '-' in the pid");
	refused("mdt1:5:99999999999999999999:2:3:4:inout:contract:1000+1:" OK_ID, "start time is too large");
	refused("mdt1:5:1:2A:3:4:inout:contract:1000+1:" OK_ID, "bad character 'A' in the trace inode");
	refused("mdt1:5:1:2:0:4:inout:contract:1000+1:" OK_ID, "capture point is empty");
	refused("mdt1:5:1:2:3::inout:contract:1000+1:" OK_ID, "event number is missing");
	refused("mdt1:5:1:2:3:4:sideways:contract:1000+1:" OK_ID, "bad direction");
	refused("mdt1:5:1:2:3:4:inout:posix:1000+1:" OK_ID, "bad policy");
	refused("mdt1:5:1:2:3:4:inout:XNU:1000+1:" OK_ID, "bad policy");
	refused("mdt1:5:1:2:3:4:inout:contract:1000+0:" OK_ID, "length 0");
	refused("mdt1:5:1:2:3:4:inout:contract:1000:" OK_ID, "expected '+' after the range address");
	refused("mdt1:5:1:2:3:4:inout:contract:fffffffffffff000+2000:" OK_ID, "wraps");
	refused("mdt1:5:1:2:3:4:inout:contract:1000+1,:" OK_ID, "range address is missing");
	refused("mdt1:5:1:2:3:4:inout:contract:1000+1:0123", "not 16 hex digits");
	refused("mdt1:5:1:2:3:4:inout:contract:1000+1:" OK_ID ":" OK_ID, "not 16 hex digits");
	refused("mdt1:5:1:2:3:4:inout:contract:1000+1", "expected ':' after the ranges");
	refused("mdt1:5:1:2:3", "expected ':' after the record count");
}
END_TEST

START_TEST(too_many_ranges_are_refused)
{
	char *body = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&body, &n);
	fputs("mdt1:5:1:2:3:4:inout:contract:", f);
	for (int i = 0; i <= MD_TOKEN_MAX_RANGES; i++)
		fprintf(f, "%s%x+1", i ? "," : "", 0x1000 * (i + 1));
	fputs(":" OK_ID, f);
	fclose(f);
	refused(body, "more than 256 ranges");
	free(body);
}
END_TEST

Suite *md_test_suite(void)
{
	Suite *s = suite_create("token");
	TCase *tc = tcase_create("token");
	tcase_add_test(tc, round_trip);
	tcase_add_loop_test(tc, policy_round_trips, MD_POLICY_CONTRACT, MD_POLICY_XNU + 1);
	tcase_add_test(tc, every_changed_character_is_caught);
	tcase_add_test(tc, sealed_hostile_fields_are_refused);
	tcase_add_test(tc, too_many_ranges_are_refused);
	suite_add_tcase(s, tc);
	return s;
}
