/* format.h - the trace file, version 3 (documented in mdtrace-trace(5)).
 *
 * One file per process image.  A 4096-byte header, then records.  The file
 * is written through a MAP_SHARED mapping: a writer reserves space with an
 * atomic add on `reserved`, fills the record, and publishes it by storing
 * MD_REC_COMMIT into its `commit` word last (release order).  `committed`
 * in the header is a hint (bytes known complete); a reader walks records
 * from the first and stops at the first one whose commit word is missing,
 * so a SIGKILL loses only the records that were being written.
 *
 * All integers are little-endian on x86_64/aarch64 (host order; the header
 * names the architecture and a reader refuses a foreign one). */
#ifndef MD_TRACE_FORMAT_H
#define MD_TRACE_FORMAT_H
#include <stdint.h>

#define MD_TRACE_MAGIC "MDTRACE1"
#define MD_TRACE_VERSION 3
#define MD_TRACE_HEADER 4096      /* the fixed header; the ring follows it */
#define MD_REC_COMMIT 0x4d445243u /* "CRDM": complete */
#define MD_REC_WRITING 0x4d445257u /* "WRDM": size valid, contents not yet */
/* A record belongs at body offset O only if its tag is MD_REC_TAG(O): the
 * ring holds older laps' bytes at the same slot. */
#define MD_REC_TAG(off) ((uint32_t)((off) >> 3))
#define MD_REC_MAX (1u << 24)     /* no record is larger than 16 MiB */

struct md_trace_header {
	char magic[8];            /* MD_TRACE_MAGIC */
	uint32_t version;         /* MD_TRACE_VERSION */
	uint32_t header_size;     /* offset of the first body record: MD_TRACE_HEADER + ring_size */
	uint32_t arch;            /* ELF e_machine: 62 x86_64, 183 aarch64 */
	uint32_t page_size;
	uint64_t reserved;        /* body end handed to writers (atomic) */
	uint64_t committed;       /* the body is final below this offset: records
				   * from here up may still be in the ring only */
	uint64_t next_seq;        /* next event number (atomic); events start at 1 */
	int32_t pid, ppid;
	uint64_t parent_seq;      /* fork child: parent's event number of the fork */
	uint64_t start_realtime_ns;
	uint32_t stack_depth;     /* --stacks=N */
	uint32_t flags;           /* MD_TF_* */
	uint64_t stack_limit;     /* RLIMIT_STACK at start */
	uint64_t brk_start;       /* the heap start at start */
	char parent_trace[1024];  /* fork child / exec'd image: the trace before it */
	char exe[1024];           /* /proc/self/exe at start */
	uint64_t dropped;         /* records lost because the file could not grow (atomic) */
	uint32_t ring_off;        /* MD_TRACE_HEADER (0 with ring_size 0) */
	uint32_t ring_size;       /* bytes; a multiple of 8, 0 for no ring */
	int32_t flushing;         /* tid copying the ring to the body, 0 if none (atomic) */
	uint32_t pad;
	/* Time (version 3): records hold `clock` units; md_rec_time_ns
	 * (clock.h) converts them to CLOCK_MONOTONIC nanoseconds. */
	uint32_t clock;           /* MD_CLOCK_* */
	uint32_t clock_cur;       /* 1 or 2: the latest of clock_pair[1..2]; 0: none yet (atomic) */
	struct md_clock_pair {
		uint64_t ticks;   /* the record clock ... */
		uint64_t ns;      /* ... and CLOCK_MONOTONIC at the same moment */
	} clock_pair[3];          /* [0] at start; [1], [2] refreshed alternately */
	/* Time spent in the hooks (version 3): records with MD_RF_TIMED carry a
	 * sample in `hook`; the ring copies are counted here, in clock units. */
	uint64_t flush_time;      /* total of every ring-to-body copy (atomic) */
	uint32_t hook_every;      /* one outer call in this many per thread is timed */
	uint32_t pad2;
};

/* What a record's `time` counts. */
enum {
	MD_CLOCK_MONOTONIC = 0,   /* CLOCK_MONOTONIC nanoseconds (clock_pair unused) */
	MD_CLOCK_TSC = 1,         /* x86 time-stamp counter ticks */
};

enum {
	MD_TF_BLIND = 1 << 0,     /* some path is not observed: see MD_EV_BLIND records */
	MD_TF_CLOSED = 1 << 1,    /* the process ended normally and closed the trace */
	MD_TF_PTRACE = 1 << 2,    /* written from outside by the ptrace backend, not
				   * by the preloaded library (mdtrace(1), BACKENDS) */
};

/* Record types: events.def lists them all, with their numbers; their
 * arguments and payloads are in mdtrace-trace(5), RECORD TYPES.  args[]
 * are a call's arguments as passed; ret is the raw result (or the value
 * the function returned); err is errno on failure. */
enum md_ev {
#define MD_CALL(ev, n, ...) MD_EV_##ev = n,
#define MD_EVENT(ev, n, ...) MD_EV_##ev = n,
#include "events.def"
#undef MD_CALL
#undef MD_EVENT
	MD_EV_MAX
};

enum { MD_RF_TOOL = 1, MD_RF_RAW_SYSCALL = 2, MD_RF_NESTED = 4,
       MD_RF_TIMED = 8, /* `hook` holds this call's time in the hook */
       MD_RF_TRAPPED = 16 /* with RAW_SYSCALL: a `syscall` instruction outside libc */ };
/* `hook` counts clock units >> MD_HOOK_SHIFT, saturating at 65535. */
#define MD_HOOK_SHIFT 4

struct md_rec {
	uint32_t size;       /* whole record, multiple of 8, >= sizeof(struct md_rec) */
	uint16_t type;       /* enum md_ev */
	uint16_t nframes;    /* return addresses after the fixed part */
	uint32_t tid;
	int32_t err;         /* errno when the call failed, else 0 */
	uint64_t seq;        /* event number */
	uint64_t time;       /* the header's clock: md_rec_time_ns gives nanoseconds */
	uint64_t args[6];
	uint64_t ret;
	uint32_t extra_len;  /* payload bytes after the frames */
	uint16_t flags;      /* MD_RF_* */
	uint16_t hook;       /* MD_RF_TIMED: time in the hook, excluding the call
			      * itself and ring copies (clock units >> MD_HOOK_SHIFT) */
	uint32_t commit;     /* MD_REC_WRITING, then MD_REC_COMMIT once complete */
	uint32_t tag;        /* MD_REC_TAG(body offset of this record) */
	/* uint64_t frames[nframes]; uint8_t extra[extra_len]; padding to 8 */
};

/* The size of a record with nframes frames and x payload bytes. */
static inline uint32_t md_rec_size(unsigned nframes, uint64_t x)
{
	return (uint32_t)((sizeof(struct md_rec) + 8ull * nframes + x + 7) & ~7ull);
}

/* Whether r is the record of body offset `off` with commit word `want`
 * (MD_REC_WRITING or MD_REC_COMMIT); writer and readers alike.  The tag is
 * read before the commit word: a writer stores WRITING, then the tag, so
 * once this record's tag shows, an older lap's COMMIT no longer can. */
static inline int md_rec_at(const struct md_rec *r, uint64_t off, uint32_t want)
{
	return __atomic_load_n(&r->tag, __ATOMIC_ACQUIRE) == MD_REC_TAG(off) &&
	       __atomic_load_n(&r->commit, __ATOMIC_ACQUIRE) == want;
}

/* MD_EV_SHMAT args[4]: the segment's device, with this bit when known. */
#define MD_SHM_DEV_KNOWN (1ull << 63)

/* What an MD_EV_MODULE records about a loaded object (then path_len bytes
 * of path, no NUL).  args[0] base is the lowest PT_LOAD page; symbolize an
 * address A as ELF vaddr A - load_bias. */
struct md_module_id {
	uint64_t load_bias;  /* dl_phdr_info.dlpi_addr */
	uint32_t build_id_len; /* bytes used in build_id (a longer id is cut) */
	uint32_t path_len;
	uint8_t build_id[32]; /* NT_GNU_BUILD_ID descriptor bytes */
};

/* What an MD_EV_MMAP of a file descriptor records about the file. */
struct md_file_id {
	uint64_t dev, ino;
	uint32_t mode;       /* st_mode */
	uint32_t path_len;   /* bytes of path that follow (no NUL) */
};

#endif
