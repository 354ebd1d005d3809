/* index.c - fuzz target: a trace index (checkpoint.c: its checks, and the
 * restore of every checkpoint), beside the trace it belongs to.  An input
 * is a 4-byte length L, L bytes of trace, then the index; the index's ties
 * to the trace (its size and hashes) and its checksum are made right here,
 * as a forger would, so that every check after them is reached. */
#include "checkpoint.h"
#include "fuzz.h"
#include "replay.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAIL 65536 /* trace bytes hashed at its end (checkpoint.c) */

volatile uint64_t md_fuzz_sink; /* what is read, so that it is read */

static void tie(uint8_t *ix, size_t n, const uint8_t *tr, size_t len)
{
	struct md_index_head h;
	if (n < sizeof h)
		return;
	memcpy(&h, ix, sizeof h);
	size_t head = len < MD_TRACE_HEADER ? len : MD_TRACE_HEADER, tail = len < TAIL ? len : TAIL;
	h.trace_size = len;
	h.trace_head_hash = md_index_hash(tr, head, 1);
	h.trace_tail_hash = md_index_hash(tr + len - tail, tail, 2);
	h.body_hash = md_index_hash(ix + sizeof h, n - sizeof h, 3);
	memcpy(ix, &h, sizeof h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t len;
	if (size < 4)
		return 0;
	memcpy(&len, data, 4);
	if (len > size - 4)
		return 0;
	const uint8_t *tr = data + 4;
	size_t n = size - 4 - len;
	uint8_t *ix = malloc(n ? n : 1);
	if (!ix)
		return 0;
	memcpy(ix, tr + len, n);
	tie(ix, n, tr, len);
	const char *path = md_fuzz_file("t.mdt", tr, len);
	md_fuzz_file(".t.mdt.idx", ix, n);
	free(ix);
	struct md_replay_opts o = {0};
	char err[600];
	struct md_replay *rp = md_replay_open(path, MD_POLICY_CONTRACT, &o, err, sizeof err);
	if (!rp)
		return 0;
	const struct md_index *x = md_replay_index(rp);
	uint32_t k = x ? md_index_count(x) : 0;
	for (uint32_t i = 0; i < k; i++)
		md_fuzz_sink += md_index_touches(x, i, 0x1000, 0x2000) + md_index_offset(x, i);
	/* every checkpoint, from the last back: each seek restores one */
	for (uint32_t i = k; i-- > 0 && md_replay_index_state(rp) == MD_INDEX_LOADED;)
		md_replay_seek(rp, md_index_maxseq(x, i));
	md_replay_seek(rp, UINT64_MAX);
	if (md_table_check(md_replay_table(rp)))
		md_fuzz_fail(md_table_check(md_replay_table(rp)));
	md_replay_close(rp);
	return 0;
}
