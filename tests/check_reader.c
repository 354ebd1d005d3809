/* check_reader.c - the trace reader against damaged and hostile files:
 * every case ends in a clear error or a clean, reported stop, and records
 * before the damage stay readable.  Every case runs twice: reading through
 * the mapping (md_trace_next) and through pread (md_trace_stream). */
#define _GNU_SOURCE
#include "check_main.h"
#include "reader.h"
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__)
#define ARCH 62
#else
#define ARCH 183
#endif

static char path[64];
/* the reader under test: md_trace_next or md_trace_stream (fixtures) */
static const struct md_rec *(*next)(struct md_trace *, size_t *);

static void use_mapping(void)
{
	next = md_trace_next;
}

static void use_stream(void)
{
	next = md_trace_stream;
}

/* Whether r points into the trace's ring. */
static int in_ring(const struct md_trace *t, const struct md_rec *r)
{
	const uint8_t *p = (const uint8_t *)r;
	return p >= t->base + t->h->ring_off && p < t->base + t->h->header_size;
}
#define RING 1024
static unsigned char buf[MD_TRACE_HEADER + RING + 4096];
static size_t used;

static struct md_trace_header *hdr(void)
{
	return (struct md_trace_header *)buf;
}

/* A valid header and n committed mark records of 8 payload bytes. */
static void build(int n)
{
	memset(buf, 0, sizeof buf);
	memcpy(hdr()->magic, MD_TRACE_MAGIC, 8);
	hdr()->version = MD_TRACE_VERSION;
	hdr()->header_size = MD_TRACE_HEADER;
	hdr()->arch = ARCH;
	hdr()->page_size = 4096;
	used = MD_TRACE_HEADER;
	for (int i = 0; i < n; i++) {
		struct md_rec *r = (struct md_rec *)(buf + used);
		r->size = sizeof *r + 8;
		r->type = MD_EV_MARK;
		r->seq = (uint64_t)i + 1;
		r->extra_len = 8;
		memcpy((char *)(r + 1), "label!!", 8);
		r->commit = MD_REC_COMMIT;
		r->tag = MD_REC_TAG(used);
		used += r->size;
	}
	hdr()->reserved = used;
	hdr()->committed = used;
}

static struct md_rec *body_at(size_t off)
{
	return (struct md_rec *)(buf + off);
}

static struct md_rec *ring_at(size_t off)
{
	return (struct md_rec *)(buf + MD_TRACE_HEADER + (off - MD_TRACE_HEADER - RING) % RING);
}

/* A trace with a RING-byte ring: n records, the first `flushed` of them
 * in the body (committed moved past them), the others only in the ring.
 * Returns the records' body offsets in at[]. */
static void build_ring(int n, int flushed, size_t *at)
{
	size_t off;
	build(n);
	memmove(buf + MD_TRACE_HEADER + RING, buf + MD_TRACE_HEADER, used - MD_TRACE_HEADER);
	memset(buf + MD_TRACE_HEADER, 0, RING);
	hdr()->ring_off = MD_TRACE_HEADER;
	hdr()->ring_size = RING;
	hdr()->header_size = MD_TRACE_HEADER + RING;
	used += RING;
	for (off = hdr()->header_size; off < used; off += body_at(off)->size) {
		int i = (int)(body_at(off)->seq - 1);
		at[i] = off;
		body_at(off)->tag = MD_REC_TAG(off);
		memcpy(ring_at(off), body_at(off), body_at(off)->size);
		if (i == flushed)
			hdr()->committed = off;
	}
	if (flushed == n)
		hdr()->committed = used;
	for (int i = flushed; i < n; i++)
		memset(body_at(at[i]), 0, body_at(at[i])->size);
	hdr()->reserved = used;
}

static void save(size_t len)
{
	strcpy(path, "/tmp/md-reader-XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

/* Open, walk everything; returns the records seen (-1: open failed). */
static int walk(struct md_trace *t)
{
	if (md_trace_open(t, path) < 0)
		return -1;
	size_t off = 0;
	int n = 0;
	while (next(t, &off))
		n++;
	return n;
}

static void done(struct md_trace *t)
{
	md_trace_close(t);
	unlink(path);
}

START_TEST(valid_trace_reads_every_record)
{
	struct md_trace t;
	build(5);
	save(used);
	ck_assert_int_eq(walk(&t), 5);
	ck_assert_int_eq(t.truncated, 0);
	done(&t);
}
END_TEST

START_TEST(header_only_trace_is_clean)
{
	struct md_trace t;
	build(0);
	save(used);
	ck_assert_int_eq(walk(&t), 0);
	ck_assert_int_eq(t.truncated, 0);
	done(&t);
}
END_TEST

START_TEST(not_a_trace_is_refused)
{
	struct md_trace t;
	build(1);
	memcpy(hdr()->magic, "GARBAGE!", 8);
	save(used);
	ck_assert_int_eq(walk(&t), -1);
	ck_assert_ptr_nonnull(strstr(t.err, "not an mdtrace trace"));
	done(&t);
}
END_TEST

START_TEST(short_file_is_refused)
{
	struct md_trace t;
	build(0);
	save(100);
	ck_assert_int_eq(walk(&t), -1);
	ck_assert_ptr_nonnull(strstr(t.err, "too short"));
	done(&t);
}
END_TEST

START_TEST(wrong_version_is_named)
{
	struct md_trace t;
	build(1);
	hdr()->version = 7;
	save(used);
	ck_assert_int_eq(walk(&t), -1);
	ck_assert_ptr_nonnull(strstr(t.err, "version 7"));
	done(&t);
}
END_TEST

START_TEST(foreign_architecture_is_named)
{
	struct md_trace t;
	build(1);
	hdr()->arch = ARCH == 62 ? 183 : 62;
	save(used);
	ck_assert_int_eq(walk(&t), -1);
	ck_assert_ptr_nonnull(strstr(t.err, ARCH == 62 ? "aarch64" : "x86_64"));
	done(&t);
}
END_TEST

START_TEST(corrupt_header_fields_are_refused)
{
	struct md_trace t;
	build(1);
	hdr()->page_size = 12345;
	save(used);
	ck_assert_int_eq(walk(&t), -1);
	done(&t);
	build(1);
	hdr()->header_size = 1u << 30;
	save(used);
	ck_assert_int_eq(walk(&t), -1);
	done(&t);
}
END_TEST

START_TEST(truncated_record_keeps_the_earlier_ones)
{
	struct md_trace t;
	build(4);
	save(used - 20); /* the last record is cut */
	ck_assert_int_eq(walk(&t), 3);
	ck_assert_int_eq(t.truncated, 1);
	ck_assert_ptr_nonnull(strstr(t.err, "intact"));
	done(&t);
}
END_TEST

START_TEST(hostile_sizes_stop_cleanly)
{
	static const uint32_t sizes[] = {0, 8, 7 + sizeof(struct md_rec), 1u << 30, 0xffffffffu};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		struct md_trace t;
		build(3);
		((struct md_rec *)(buf + MD_TRACE_HEADER + 2 * (sizeof(struct md_rec) + 8)))->size = sizes[i];
		save(used);
		ck_assert_int_eq(walk(&t), 2);
		ck_assert_int_eq(t.truncated, 1);
		done(&t);
	}
}
END_TEST

START_TEST(payload_larger_than_record_is_refused)
{
	struct md_trace t;
	build(2);
	((struct md_rec *)(buf + MD_TRACE_HEADER))->extra_len = 1u << 20;
	save(used);
	ck_assert_int_eq(walk(&t), 0);
	ck_assert_int_eq(t.truncated, 1);
	done(&t);
	build(2);
	((struct md_rec *)(buf + MD_TRACE_HEADER))->nframes = 60000;
	save(used);
	ck_assert_int_eq(walk(&t), 0);
	done(&t);
}
END_TEST

START_TEST(uncommitted_record_is_skipped_and_counted)
{
	struct md_trace t;
	build(3);
	((struct md_rec *)(buf + MD_TRACE_HEADER + sizeof(struct md_rec) + 8))->commit = MD_REC_WRITING;
	save(used);
	ck_assert_int_eq(walk(&t), 2);
	ck_assert_uint_eq(t.skipped, 1);
	ck_assert_int_eq(t.truncated, 0);
	done(&t);
}
END_TEST

START_TEST(never_written_record_stops_the_walk)
{
	struct md_trace t;
	build(3);
	((struct md_rec *)(buf + MD_TRACE_HEADER + sizeof(struct md_rec) + 8))->commit = 0;
	save(used);
	ck_assert_int_eq(walk(&t), 1);
	ck_assert_int_eq(t.truncated, 1);
	ck_assert_ptr_nonnull(strstr(t.err, "never written"));
	done(&t);
}
END_TEST

START_TEST(record_at_the_wrong_offset_is_not_taken)
{
	struct md_trace t;
	build(3);
	((struct md_rec *)(buf + MD_TRACE_HEADER + sizeof(struct md_rec) + 8))->tag += 1;
	save(used);
	ck_assert_int_eq(walk(&t), 1);
	ck_assert_int_eq(t.truncated, 1);
	done(&t);
}
END_TEST

/* SIGKILL before the ring was copied: its records follow the body's. */
START_TEST(ring_records_follow_the_body)
{
	struct md_trace t;
	size_t at[5], off = 0;
	const struct md_rec *r;
	build_ring(5, 2, at);
	save(used);
	ck_assert_int_eq(md_trace_open(&t, path), 0);
	for (uint64_t seq = 1; seq <= 5; seq++) {
		ck_assert_ptr_nonnull(r = next(&t, &off));
		ck_assert_uint_eq(r->seq, seq);
		ck_assert_int_eq(in_ring(&t, r), seq > 2);
	}
	ck_assert_ptr_null(next(&t, &off));
	ck_assert_int_eq(t.truncated, 0);
	done(&t);
}
END_TEST

/* The ring slot of a record holds an older lap's record: not taken. */
START_TEST(older_lap_in_the_ring_is_not_taken)
{
	struct md_trace t;
	size_t at[3];
	build_ring(3, 1, at);
	ring_at(at[2])->tag = MD_REC_TAG(at[2] - RING);
	save(used);
	ck_assert_int_eq(walk(&t), 2);
	ck_assert_int_eq(t.truncated, 1);
	done(&t);
}
END_TEST

/* A record in both places is read from the body: the ring slot will be
 * rewritten by a later lap. */
START_TEST(body_copy_wins_over_the_ring)
{
	struct md_trace t;
	size_t at[3], off = 0;
	const struct md_rec *r;
	build_ring(3, 3, at);
	ring_at(at[1])->seq = 99;
	save(used);
	ck_assert_int_eq(md_trace_open(&t, path), 0);
	next(&t, &off);
	r = next(&t, &off);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->seq, 2);
	done(&t);
}
END_TEST

START_TEST(record_being_written_in_the_ring_is_skipped)
{
	struct md_trace t;
	size_t at[3];
	build_ring(3, 1, at);
	ring_at(at[1])->commit = MD_REC_WRITING;
	save(used);
	ck_assert_int_eq(walk(&t), 2);
	ck_assert_uint_eq(t.skipped, 1);
	ck_assert_int_eq(t.truncated, 0);
	done(&t);
}
END_TEST

START_TEST(ring_size_must_match_the_header_size)
{
	struct md_trace t;
	size_t at[2];
	build_ring(2, 1, at);
	hdr()->ring_size = RING / 2;
	save(used);
	ck_assert_int_eq(walk(&t), -1);
	ck_assert_ptr_nonnull(strstr(t.err, "header size"));
	done(&t);
}
END_TEST

START_TEST(reserved_beyond_the_file_is_bounded)
{
	struct md_trace t;
	build(2);
	hdr()->reserved = UINT64_MAX;
	save(used);
	ck_assert_int_eq(walk(&t), 2);
	done(&t);
}
END_TEST

/* Records of many sizes, some larger than the stream's window, across
 * several window refills: both readers return the same records, with the
 * same bytes, and md_trace_at finds each one where it was read. */
START_TEST(stream_and_mapping_agree_across_refills)
{
	enum { N = 6000 };
	size_t cap = MD_TRACE_HEADER + N * (sizeof(struct md_rec) + 2048) + (600 << 10);
	unsigned char *big = calloc(1, cap);
	size_t *at = calloc(N, sizeof *at), len = MD_TRACE_HEADER;
	ck_assert_ptr_nonnull(big);
	ck_assert_ptr_nonnull(at);
	struct md_trace_header *h = (struct md_trace_header *)big;
	memcpy(h->magic, MD_TRACE_MAGIC, 8);
	h->version = MD_TRACE_VERSION;
	h->header_size = MD_TRACE_HEADER;
	h->arch = ARCH;
	h->page_size = 4096;
	for (int i = 0; i < N; i++) {
		/* mostly small; every 1000th is 300 KiB, more than the window */
		uint32_t extra = i % 1000 == 999 ? 300u << 10 : (uint32_t)(i * 37 % 2041);
		struct md_rec *r = (struct md_rec *)(big + len);
		r->size = (uint32_t)((sizeof *r + extra + 7) & ~(size_t)7);
		r->type = MD_EV_MARK;
		r->seq = (uint64_t)i + 1;
		r->extra_len = extra;
		memset(r + 1, 'a' + i % 26, extra);
		r->commit = MD_REC_COMMIT;
		r->tag = MD_REC_TAG(len);
		at[i] = len;
		len += r->size;
		ck_assert_uint_le(len, cap);
	}
	h->reserved = h->committed = len;
	strcpy(path, "/tmp/md-reader-XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, big, len), (ssize_t)len);
	close(fd);
	struct md_trace a, b;
	ck_assert_int_eq(md_trace_open(&a, path), 0);
	ck_assert_int_eq(md_trace_open(&b, path), 0);
	size_t oa = 0, ob = 0;
	for (int i = 0; i < N; i++) {
		const struct md_rec *ra = md_trace_next(&a, &oa), *rb = md_trace_stream(&b, &ob);
		ck_assert_ptr_nonnull(ra);
		ck_assert_ptr_nonnull(rb);
		ck_assert_uint_eq(oa, ob);
		ck_assert_uint_eq(rb->seq, (uint64_t)i + 1);
		ck_assert_int_eq(memcmp(ra, rb, ra->size), 0);
		/* final records come from the window, except those too big for it */
		int mapped = (const uint8_t *)rb >= b.base && (const uint8_t *)rb < b.base + b.size;
		ck_assert_int_eq(mapped, rb->size > (256u << 10));
		ck_assert_ptr_eq(ra, a.base + at[i]);
		ck_assert_ptr_eq(md_trace_at(&b, at[i]), b.base + at[i]);
	}
	ck_assert_ptr_null(md_trace_next(&a, &oa));
	ck_assert_ptr_null(md_trace_stream(&b, &ob));
	ck_assert_int_eq(b.truncated, 0);
	ck_assert_uint_eq(b.records, N);
	ck_assert_ptr_null(md_trace_at(&b, at[1] + 8)); /* not a record's start */
	ck_assert_ptr_null(md_trace_at(&b, len));
	md_trace_close(&a);
	md_trace_close(&b);
	unlink(path);
	free(at);
	free(big);
}
END_TEST

START_TEST(missing_file_and_directory_are_errors)
{
	struct md_trace t;
	ck_assert_int_eq(md_trace_open(&t, "/nonexistent/trace.mdt"), -1);
	ck_assert_ptr_nonnull(strstr(t.err, "No such file"));
	ck_assert_int_eq(md_trace_open(&t, "/tmp"), -1);
	ck_assert_ptr_nonnull(strstr(t.err, "directory"));
}
END_TEST

static TCase *hostile(const char *name, void (*how)(void))
{
	TCase *tc = tcase_create(name);
	tcase_add_checked_fixture(tc, how, NULL);
	tcase_add_test(tc, valid_trace_reads_every_record);
	tcase_add_test(tc, header_only_trace_is_clean);
	tcase_add_test(tc, not_a_trace_is_refused);
	tcase_add_test(tc, short_file_is_refused);
	tcase_add_test(tc, wrong_version_is_named);
	tcase_add_test(tc, foreign_architecture_is_named);
	tcase_add_test(tc, corrupt_header_fields_are_refused);
	tcase_add_test(tc, truncated_record_keeps_the_earlier_ones);
	tcase_add_test(tc, hostile_sizes_stop_cleanly);
	tcase_add_test(tc, payload_larger_than_record_is_refused);
	tcase_add_test(tc, uncommitted_record_is_skipped_and_counted);
	tcase_add_test(tc, never_written_record_stops_the_walk);
	tcase_add_test(tc, record_at_the_wrong_offset_is_not_taken);
	tcase_add_test(tc, ring_records_follow_the_body);
	tcase_add_test(tc, older_lap_in_the_ring_is_not_taken);
	tcase_add_test(tc, body_copy_wins_over_the_ring);
	tcase_add_test(tc, record_being_written_in_the_ring_is_skipped);
	tcase_add_test(tc, ring_size_must_match_the_header_size);
	tcase_add_test(tc, reserved_beyond_the_file_is_bounded);
	tcase_add_test(tc, missing_file_and_directory_are_errors);
	return tc;
}

Suite *md_test_suite(void)
{
	Suite *s = suite_create("reader");
	suite_add_tcase(s, hostile("mapping", use_mapping));
	suite_add_tcase(s, hostile("stream", use_stream));
	TCase *tc = tcase_create("stream");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, stream_and_mapping_agree_across_refills);
	suite_add_tcase(s, tc);
	return s;
}
