#!/usr/bin/env python3
"""stracecmp.py - compare the mapping calls strace saw with mdtrace's traces
(tests/real/backends.sh).

  stracecmp.py match LOG TRACE...
      LOG is the prefix of `strace -ff -X raw -o LOG` files (LOG.<tid>) of
      `mdtrace run`; each TRACE has its `mdtrace events --json` output in
      TRACE.json.  Every successful recorded-type call that strace saw in a
      traced process image, from the image's first recorded call on, must be
      a record of that image's trace (same thread, call, arguments and
      result), and every call record of the traces a call strace saw
      succeed.  Exit 1 when either is not so.
  stracecmp.py counts LOG TRACE...
      LOG is the prefix of `strace -ff -X raw -o LOG PROG` files of a run
      without mdtrace; compare the per-call-type counts of successful calls
      made after execve with the traces' records.  Exit 1 when they differ.

Both print one summary line (the program's name comes from the caller).
"""
import collections
import glob
import json
import os
import re
import struct
import sys

CALLS = ("mmap", "munmap", "mremap", "mprotect", "pkey_mprotect", "madvise", "brk",
         "shmat", "shmdt")
CLONE_VM, CLONE_VFORK, CLONE_THREAD = 0x100, 0x4000, 0x10000
MREMAP_FIXED = 2
POSIX_MADV_DONTNEED = 4
M64 = (1 << 64) - 1
M32 = (1 << 32) - 1
# The arguments each call is compared on, and the int-typed ones (the kernel
# reads 32 bits of them).  mremap's new address counts only with MREMAP_FIXED.
ARGS = {"mmap": 6, "munmap": 2, "mremap": 4, "mprotect": 3, "pkey_mprotect": 4,
        "madvise": 3, "brk": 1, "shmat": 3, "shmdt": 1}
INTS = {"mmap": (2, 3, 4), "mprotect": (2,), "pkey_mprotect": (2, 3), "madvise": (2,),
        "mremap": (3,), "shmat": (0, 2)}


def key(name, args, ret):
    n = ARGS[name]
    a = [x & M64 for x in args[:n]]
    for i in INTS.get(name, ()):
        a[i] &= M32
    if name == "mremap" and a[3] & MREMAP_FIXED:
        a.append(args[4] & M64)
    return (name, tuple(a), ret & M64)


def show(k):
    name, a, ret = k
    return "%s(%s) = %#x" % (name, ", ".join("%#x" % x for x in a), ret)


def is_query(k):
    """brk(NULL) reads the break and changes nothing: the preload's brk hook
    makes one itself before each brk to record the old break, so these are
    left out of both comparisons."""
    return k[0] == "brk" and k[1][0] == 0


# ---- strace -ff -X raw ----------------------------------------------------

LINE = re.compile(r"^(\w+)\((.*)\)\s+= (-?\w+)(?: (E\w+).*)?$")
# strace -ttt: each line starts with the wall-clock time of the call
STAMP = re.compile(r"^(\d+\.\d+) ")


def num(tok):
    tok = tok.strip()
    if tok == "NULL":
        return 0
    if "|" in tok:  # clone flags: 0x1200000|17
        return sum(num(t) for t in tok.split("|"))
    return int(tok, 0)


def split_args(s):
    out, depth, cur = [], 0, ""
    for c in s:
        if c in "[{(":
            depth += 1
        elif c in "]})":
            depth -= 1
        if c == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += c
    if cur.strip():
        out.append(cur.strip())
    return out


class Strace:
    """The per-thread files of one strace -ff run, walked from the first
    process: every call gets its process image (tgid, n), n counting the
    process's execve calls (a fork child starts at 0)."""

    def __init__(self, prefix, under_mdtrace):
        self.lines = {}
        for path in glob.glob(glob.escape(prefix) + ".*"):
            tail = path[len(prefix) + 1:]
            if tail.isdigit():
                with open(path, errors="replace") as f:
                    self.lines[int(tail)] = f.read().splitlines()
        self.when = {}  # (tid, line index) -> wall-clock seconds (with -ttt)
        for tid, lines in self.lines.items():
            for i, text in enumerate(lines):
                m = STAMP.match(text)
                if m:
                    self.when[(tid, i)] = float(m.group(1))
                    lines[i] = text[m.end():]
        created = set()
        self.kids = collections.defaultdict(list)  # tid -> [(line index, child, flags)]
        for tid, lines in self.lines.items():
            for i, text in enumerate(lines):
                m = LINE.match(text)
                if not m or m.group(1) not in ("clone", "clone3", "fork", "vfork"):
                    continue
                child = int(m.group(3), 0) if m.group(3).lstrip("-").isdigit() else -1
                if child <= 0:
                    continue
                fl = re.search(r"flags=([0-9a-fA-Fx|]+)", m.group(2))
                flags = num(fl.group(1)) if fl else 0
                if m.group(1) == "vfork":
                    flags = CLONE_VM | CLONE_VFORK
                self.kids[tid].append((i, child, flags))
                created.add(child)
        roots = [t for t in self.lines if t not in created]
        if len(roots) != 1:
            sys.exit("strace log %s: %d first processes (%s)" % (prefix, len(roots), roots))
        self.root = roots[0]
        self.calls = collections.defaultdict(list)  # image -> [(tid, key)]
        self.at = {}  # (image, index in calls[image]) -> wall-clock seconds
        self.tgid = {}
        self.traced = set()  # images whose calls mdtrace should have seen
        # (tid, tgid, n, traced, mem): mem is the image whose memory a vfork
        # child shares until it execs.
        work = [(self.root, self.root, 0, False, None)]
        while work:
            tid, tgid, n, traced, mem = work.pop()
            self.tgid[tid] = tgid
            kids = {i: (c, f) for i, c, f in self.kids.get(tid, [])}
            img = mem or (tgid, n)
            if traced:
                self.traced.add(img)
            for i, text in enumerate(self.lines.get(tid, [])):
                if i in kids:
                    c, f = kids[i]
                    if f & CLONE_THREAD:
                        work.append((c, tgid, n, traced, mem))
                    elif f & CLONE_VM:
                        # the vfork child writes into this image's trace
                        work.append((c, c, 0, traced, img))
                    else:
                        # a fork child: traced when the parent's image is
                        work.append((c, c, 0, traced, None))
                    continue
                m = LINE.match(text)
                if not m:
                    continue
                name, args, ret, err = m.groups()
                if name in ("execve", "execveat"):
                    if err is None and ret == "0":
                        n += 1
                        mem = None
                        # every image started by execve is traced, except
                        # mdtrace run itself (then the first process)
                        traced = tgid != self.root or not under_mdtrace
                        img = (tgid, n)
                        if traced:
                            self.traced.add(img)
                    continue
                if name not in CALLS or err is not None or ret == "?":
                    continue
                a = [num(x) for x in split_args(args)]
                if (tid, i) in self.when:
                    self.at[(img, len(self.calls[img]))] = self.when[(tid, i)]
                self.calls[img].append((tid, key(name, a, int(ret, 0))))

    def exec_images(self, tgid):
        return sorted(i for i in self.traced if i[0] == tgid)


# ---- traces ----------------------------------------------------------------

def header(path):
    with open(path, "rb") as f:
        h = f.read(4096)
    if h[:8] != b"MDTRACE1":
        sys.exit("%s: not a trace" % path)
    pid, = struct.unpack_from("<i", h, 48)
    start, = struct.unpack_from("<Q", h, 64)
    return pid, start


def ended(path):
    """The wall-clock second at which TRACE's END record was written (the
    header's start plus the record's time), or None without one."""
    pid, start = header(path)
    end = None
    with open(path + ".json") as f:
        for text in f:
            ev = json.loads(text)
            if ev["type"] == "end":
                end = (start + ev["time_ns"]) / 1e9
    return end


def records(path):
    """(tid, key, tool) of each call record in TRACE.json: failed calls are
    left out (strace shows them failed), except brk, which the kernel never
    fails (the hook flags a break below the request as ENOMEM)."""
    out = []
    with open(path + ".json") as f:
        for text in f:
            ev = json.loads(text)
            t = ev["type"]
            tool = ev["call"].endswith(" [mdtrace]")
            if t == "posix_madvise":
                # the madvise system call it makes, except for the no-op
                if ev["ret"] != 0 or ev["args"][2] == POSIX_MADV_DONTNEED:
                    continue
                out.append((ev["tid"], key("madvise", ev["args"], 0), tool))
                continue
            if t not in CALLS or (ev["err"] != 0 and t != "brk"):
                continue
            out.append((ev["tid"], key(t, ev["args"], ev["ret"]), tool))
    return out


def images_of_traces(paths, st):
    """Each trace's process image in the strace run: the traces of one pid
    in the order they were started are the last traced images of that pid."""
    by_pid = collections.defaultdict(list)
    for p in paths:
        pid, start = header(p)
        by_pid[pid].append((start, p))
    img = {}
    for pid, fs in by_pid.items():
        fs.sort()
        imgs = st.exec_images(pid)
        if len(imgs) < len(fs):
            sys.exit("pid %d: %d traces but strace saw %d traced images" % (pid, len(fs), len(imgs)))
        for (start, p), i in zip(fs, imgs[len(imgs) - len(fs):]):
            img[p] = i
    return img


def match(prefix, paths):
    st = Strace(prefix, True)
    img = images_of_traces(paths, st)
    recs = {p: records(p) for p in paths}
    checked = before = queries = after = 0
    missing, extra = [], []
    nprog = sum(1 for p in paths for r in recs[p] if not r[2])
    ntool = sum(1 for p in paths for r in recs[p] if r[2])
    traced_imgs = {i: p for p, i in img.items()}
    for im in sorted(st.traced):
        calls = st.calls.get(im, [])
        path = traced_imgs.get(im)
        have = collections.Counter((t, k) for t, k, _ in recs.get(path, []))
        first = {}
        for t, k, _ in recs.get(path, []):
            first.setdefault(t, k)
        # The image's main thread starts before mdtrace's library does (the
        # loader maps the program's libraries; a fork child sets up its own
        # trace): the calls before its first record are in the seed record.
        main = im[0]
        cut = 0
        if main in first:
            for j, (t, k) in enumerate(c for c in calls if c[0] == main):
                if k == first[main]:
                    cut = j
                    break
        j = 0
        end = ended(path) if path else None
        for idx, (t, k) in enumerate(calls):
            # a call after the trace's end (another thread, while the
            # process exits) is not the trace's to hold
            when = st.at.get((im, idx))
            if end is not None and when is not None and when > end:
                after += 1
                if have[(t, k)] > 0:
                    have[(t, k)] -= 1
                continue
            if t == main:
                j += 1
                if j <= cut:
                    before += 1
                    continue
            if is_query(k):
                queries += 1
                continue
            checked += 1
            if have[(t, k)] > 0:
                have[(t, k)] -= 1
            else:
                missing.append((im, path, t, k))
        for (t, k), c in have.items():
            if c > 0 and not is_query(k):
                extra.extend([(im, path, t, k)] * c)
    print("strace %d successful mapping calls, trace %d (+%d mdtrace's own); "
          "%d before the first record, %d after its end, %d brk(NULL) left out" %
          (checked, nprog, ntool, before, after, queries))
    for im, path, t, k in missing[:20]:
        print("  MISSING in %s: [%d] %s (process %d, image %d)" %
              (os.path.basename(path) if path else "(no trace)", t, show(k), im[0], im[1]))
    if len(missing) > 20:
        print("  ... %d missing in all" % len(missing))
    for im, path, t, k in extra[:20]:
        print("  NOT SEEN by strace: %s: [%d] %s" % (os.path.basename(path), t, show(k)))
    if len(extra) > 20:
        print("  ... %d not seen in all" % len(extra))
    return 1 if missing or extra else 0


def counts(prefix, paths):
    st = Strace(prefix, False)
    want = collections.Counter()
    for im in st.traced:
        for t, k in st.calls.get(im, []):
            if not is_query(k):
                want[k[0]] += 1
    got = collections.Counter()
    tool = 0
    for p in paths:
        for t, k, is_tool in records(p):
            if is_tool:
                tool += 1
            elif not is_query(k):
                got[k[0]] += 1
    print("strace %d successful mapping calls, trace %d (+%d mdtrace's own)" %
          (sum(want.values()), sum(got.values()), tool))
    # LOOSE: call types the program itself makes a varying number of
    loose = os.environ.get("LOOSE", "").split(",")
    bad = 0
    for c in CALLS:
        if want[c] or got[c]:
            differs = want[c] != got[c]
            print("  %-14s strace %6d trace %6d%s" % (c, want[c], got[c],
                  "" if not differs else "  differs (varies from run to run)" if c in loose
                  else "  DIFFERS"))
            bad |= differs and c not in loose
    return bad


if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[1] not in ("match", "counts"):
        sys.exit(__doc__)
    sys.exit((match if sys.argv[1] == "match" else counts)(sys.argv[2], sys.argv[3:]))
