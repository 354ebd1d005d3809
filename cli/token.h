/* token.h - a live descriptor as one line of text:
 *
 *   mdt1:PID:START:INO:RECORDS:SEQ:DIR:POLICY:ADDR+LEN[,ADDR+LEN]...:IDENT:CHECK
 *
 * PID, START (the trace's start_realtime_ns), INO (the trace file's inode,
 * hex) name the trace; RECORDS committed records (file order) ending with
 * event SEQ are the capture point; IDENT is a digest of the pages'
 * identities then, CHECK a digest of the text before it.  Numbers are
 * decimal except INO, ADDR, LEN, IDENT and CHECK (hex, no 0x). */
#ifndef MD_CLI_TOKEN_H
#define MD_CLI_TOKEN_H
#include <stddef.h>
#include <stdint.h>
#include "verdict.h"

#define MD_TOKEN_MAX_RANGES 256
#define MD_TOKEN_MAX_TEXT 16384

struct md_token {
	int32_t pid;
	uint64_t start_ns, ino;
	uint64_t records, seq;
	enum md_dir dir;
	enum md_policy policy;
	uint64_t ident;
	size_t n;
	struct md_range ranges[MD_TOKEN_MAX_RANGES];
};

/* The token's text (malloc'd), or NULL when out of memory. */
char *md_token_format(const struct md_token *t);
/* 0, or -1 with why (one line) saying what is wrong with the text. */
int md_token_parse(const char *s, struct md_token *t, char *why, size_t n);
/* The digest of what a descriptor captured, page identities included. */
uint64_t md_token_ident(const struct md_desc *d);

#endif
