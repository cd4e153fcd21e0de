#!/usr/bin/env python3
"""Benchmark manlint against mandoc and groff on the same pages (stdlib only).

    python bench/run.py [--quick] [--runs N] [--corpus DIR] [--only IDS] [--groff-subset N]

Every benchmark runs its contenders alternately (A, B, A, B, ...) after one
untimed warm-up each, and reports the median wall time of the runs, the median
CPU time (user + system of the process and all its children, from wait4), the
largest resident set of any one process, and the ratio manlint / reference.

The table is printed, written to bench/results/latest.md with a description of
the machine, and appended as one JSON line to bench/results/history.jsonl.

Inputs: the non-link pages (files that are more than a ``.so`` line) of
../shared/corpus/man-pages-5.13 relative to the repository root, or of
``--corpus DIR``; when neither exists, /usr/share/man/man*/*.gz decompressed
to a temporary directory.  All tools get the same files, as paths relative to
the corpus directory (the working directory of every command).
"""

from __future__ import annotations

import argparse
import atexit
import datetime as _dt
import gzip
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
RESULTS = BENCH / "results"
SHARED = REPO.parent / "shared"
DEFAULT_CORPUS = SHARED / "corpus" / "man-pages-5.13"
PATCH_TREE = SHARED / "corpus" / "man-pages-2017-12-01"
PATCH_DIR = SHARED / "patches" / "map-fixed-safe-2017"

PAGE_NAME = re.compile(r"^[^.].*\.[0-9nl][A-Za-z0-9_+-]*(\.gz)?$")
COMMENT = re.compile(r"^(\.|')\s*\\\"|^\\\"|^\.\s*$")
WARMUP_PAGES = 20
ONE_PAGE_RUNS = 10

# Targets: (description, predicate).  Ratios are manlint / reference.
TARGET_COLD_VS_MANDOC = ("≤ 5× mandoc", lambda r: r <= 5.0)
TARGET_WARM_VS_MANDOC = ("≤ 1× mandoc", lambda r: r <= 1.0)
TARGET_VS_GROFF = ("≥ 20× faster (≤ 0.05×)", lambda r: r <= 0.05)
TARGET_ONE_PAGE_S = 0.15
TARGET_MEMORY_MB = 300.0


# ---------------------------------------------------------------------------------
# Running one command and measuring it
# ---------------------------------------------------------------------------------

@dataclass
class Sample:
    wall: float          # seconds
    cpu: float           # user + system seconds, the process and its waited-for children
    maxrss_kb: int       # largest resident set of any one process in the tree
    rc: int
    tree_peak_kb: int | None = None   # sampled peak of the whole process tree (PSS or RSS)
    stderr_tail: str = ""


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        rest = stat[stat.rfind(b")") + 2:].split()
        if len(rest) > 1:
            kids.setdefault(int(rest[1]), []).append(int(name))
    return kids


def _proc_mem_kb(pid: int) -> int:
    """Proportional set size if the kernel has smaps_rollup, else the RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError, IndexError):
        return 0


def _tree_mem_kb(root: int) -> int:
    kids = _children_map()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _proc_mem_kb(pid)
        todo.extend(kids.get(pid, ()))
    return total


class _TreeSampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                self.peak = max(self.peak, _tree_mem_kb(self.pid))
            except OSError:
                pass
            self.done.wait(self.interval)


def run_cmd(argv: list[str], cwd: str | None = None, env: dict | None = None,
            sample_tree: bool = False, stdin_path: str | None = None) -> Sample:
    """Run argv to completion; stdout discarded, stderr kept in a temporary file."""
    with tempfile.TemporaryFile() as err:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            t0 = time.perf_counter()
            proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=stdin,
                                    stdout=subprocess.DEVNULL, stderr=err)
            sampler = None
            if sample_tree and os.path.isdir("/proc"):
                sampler = _TreeSampler(proc.pid)
                sampler.start()
            _pid, status, ru = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t0
        finally:
            if stdin_path:
                stdin.close()
        proc.returncode = os.waitstatus_to_exitcode(status)
        peak = None
        if sampler is not None:
            sampler.done.set()
            sampler.join()
            peak = sampler.peak
        err.seek(0, os.SEEK_END)
        size = err.tell()
        err.seek(max(0, size - 2000))
        tail = err.read().decode("utf-8", "replace")
    return Sample(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, proc.returncode, peak, tail)


# ---------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------

def is_link_page(data: bytes) -> bool:
    """Only a .so line (comments and blank lines aside)."""
    meaningful = [ln for ln in data.decode("latin-1").splitlines()
                  if ln.strip() and not COMMENT.match(ln)]
    return len(meaningful) == 1 and re.match(r"^[.']\s*so\s", meaningful[0]) is not None


@dataclass
class Corpus:
    root: str                 # working directory for every command
    pages: list[str]          # relative to root, sorted
    description: str
    links_skipped: int
    total_bytes: int
    tmpdir: str | None = None

    def subset(self, k: int) -> tuple[list[str], float]:
        """k pages spread evenly over the sorted list, and the factor to scale a time by."""
        n = len(self.pages)
        if k <= 0 or k >= n:
            return list(self.pages), 1.0
        picked = [self.pages[(i * n) // k] for i in range(k)]
        return picked, n / k

    def find(self, name: str) -> str:
        for p in self.pages:
            if os.path.basename(p) == name:
                return p
        by_size = sorted(self.pages, key=lambda p: os.path.getsize(os.path.join(self.root, p)))
        return by_size[len(by_size) // 2]


def _collect(root: Path) -> tuple[list[str], int, int, list[str]]:
    pages, links, size, gz = [], 0, 0, []
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            full = Path(dirpath, name)
            if full.is_symlink() or not PAGE_NAME.match(name):
                continue
            rel = str(full.relative_to(root))
            if name.endswith(".gz"):
                gz.append(rel)
                continue
            data = full.read_bytes()      # also warms the page cache for every tool
            if is_link_page(data):
                links += 1
                continue
            pages.append(rel)
            size += len(data)
    return pages, links, size, gz


def load_corpus(arg: str | None) -> Corpus:
    root = Path(arg).resolve() if arg else DEFAULT_CORPUS
    if root.is_dir():
        pages, links, size, gz = _collect(root)
        if pages and not gz:
            return Corpus(str(root), sorted(pages), str(root), links, size)
        if not pages and not gz:
            raise SystemExit(f"bench: no man pages under {root}")
        return _decompressed(root, [str(root / p) for p in gz] + [str(root / p) for p in pages])
    if arg:
        raise SystemExit(f"bench: {arg}: not a directory")
    import glob
    files = sorted(f for f in glob.glob("/usr/share/man/man*/*.gz") if not os.path.islink(f))
    if not files:
        raise SystemExit(f"bench: neither {DEFAULT_CORPUS} nor /usr/share/man/man*/*.gz exist")
    return _decompressed(Path("/usr/share/man"), files)


def _decompressed(base: Path, files: list[str]) -> Corpus:
    """Copy (decompressing .gz) into a temporary tree so every tool reads plain files."""
    tmp = tempfile.mkdtemp(prefix="manlint-bench-corpus-")
    pages, links, size = [], 0, 0
    for f in files:
        try:
            data = gzip.open(f).read() if f.endswith(".gz") else Path(f).read_bytes()
        except (OSError, EOFError):
            continue
        if is_link_page(data):
            links += 1
            continue
        rel = os.path.relpath(f, base)
        if rel.endswith(".gz"):
            rel = rel[:-3]
        dest = Path(tmp, rel)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        pages.append(rel)
        size += len(data)
    return Corpus(tmp, sorted(pages), f"{base} (decompressed to a temporary directory)",
                  links, size, tmpdir=tmp)


# ---------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------

def manlint_command() -> tuple[list[str], dict, str]:
    """[python, -m, manlint], its environment, and where the package comes from."""
    env = dict(os.environ)
    spec = importlib.util.find_spec("manlint")
    if spec is None or not spec.origin:
        src = str(REPO / "src")
        env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        origin = f"{src}/manlint (PYTHONPATH)"
    else:
        origin = f"{os.path.dirname(spec.origin)} (installed)"
    # Time manlint as an installed package runs: with its bytecode cached.  When
    # the environment forbids writing .pyc files (PYTHONDONTWRITEBYTECODE), every
    # run would compile ~50 modules again; cache them outside the source tree.
    if env.pop("PYTHONDONTWRITEBYTECODE", None) or not env.get("PYTHONPYCACHEPREFIX"):
        prefix = tempfile.mkdtemp(prefix="manlint-bench-pycache-")
        atexit.register(shutil.rmtree, prefix, True)
        env["PYTHONPYCACHEPREFIX"] = prefix
        origin += f"; bytecode cached in a temporary PYTHONPYCACHEPREFIX"
    return [sys.executable, "-m", "manlint"], env, origin


def _first_line(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if text else ""


def package_version(pkg: str) -> str:
    if shutil.which("dpkg-query"):
        v = _first_line(["dpkg-query", "-W", "-f", "${Version}", pkg])
        if v and "no packages found" not in v:
            return v
    return ""


def machine_info(mandoc: str | None, groff: str | None, manlint_origin: str, env: dict) -> dict:
    cpu = ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8", errors="replace"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    mem_mb = None
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                mem_mb = int(line.split()[1]) // 1024
    except OSError:
        pass
    manlint_version = subprocess.run([sys.executable, "-m", "manlint", "--version"], env=env,
                                     capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory_mb": mem_mb,
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "manlint": f"{manlint_version} from {manlint_origin}",
        "commit": git_head(),
        "mandoc": (f"mandoc {package_version('mandoc') or '(version unknown)'} ({mandoc})"
                   if mandoc else "not installed"),
        "groff": (f"{_first_line([groff, '--version'])} ({groff})" if groff else "not installed"),
        "loadavg_start": load_average(),
    }


def git_head() -> str:
    """The checked-out commit, read from .git without running git."""
    git = REPO / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if head.startswith("ref: "):
            ref = head[5:]
            path = git / ref
            if path.exists():
                return path.read_text().strip()[:12]
            packed = git / "packed-refs"
            if packed.exists():
                for line in packed.read_text().splitlines():
                    if line.endswith(" " + ref):
                        return line.split()[0][:12]
            return ref
        return head[:12]
    except OSError:
        return "unknown"


def load_average() -> str:
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


# ---------------------------------------------------------------------------------
# Benchmarks
# ---------------------------------------------------------------------------------

@dataclass
class Contender:
    key: str
    tool: str                                 # manlint | mandoc | groff | python | patch
    label: str                                # what the table shows
    argv: Callable[[list[str]], list[str]]    # pages -> command line
    pages: list[str]
    scale: float = 1.0
    env: dict | None = None
    ok: Callable[[int], bool] = lambda rc: rc in (0, 1)
    note: str = ""
    samples: list[Sample] = field(default_factory=list)
    skipped: str = ""
    failures: list[str] = field(default_factory=list)

    def median_wall(self) -> float | None:
        return statistics.median(s.wall for s in self.samples) * self.scale if self.samples else None

    def median_cpu(self) -> float | None:
        return statistics.median(s.cpu for s in self.samples) * self.scale if self.samples else None

    def to_json(self) -> dict:
        return {
            "key": self.key, "tool": self.tool, "label": self.label, "pages": len(self.pages),
            "scale": round(self.scale, 4), "note": self.note, "skipped": self.skipped,
            "median_wall_s": _r(self.median_wall()), "median_cpu_s": _r(self.median_cpu()),
            "walls_s": [_r(s.wall) for s in self.samples], "cpus_s": [_r(s.cpu) for s in self.samples],
            "maxrss_kb": max((s.maxrss_kb for s in self.samples), default=None),
            "rcs": sorted({s.rc for s in self.samples}), "failures": self.failures[:3],
        }


@dataclass
class Bench:
    id: str
    title: str
    contenders: list[Contender]
    runs: int
    comparisons: list[tuple[str, tuple[str, Callable[[float], bool]] | None]] = field(default_factory=list)
    setup: Callable[["Bench"], str | None] | None = None   # returns a skip reason or None
    skipped: str = ""
    notes: list[str] = field(default_factory=list)
    absolute: float | None = None     # a target on manlint's own wall time, in seconds

    def contender(self, key: str) -> Contender:
        return next(c for c in self.contenders if c.key == key)


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def loop_sh(command: str) -> Callable[[list[str]], list[str]]:
    """One shell process running ``command "$f"`` for every page, like a Makefile loop."""
    script = f'for f do {command} "$f"; done'
    return lambda pages: ["sh", "-c", script, "sh", *pages]


def execute(bench: Bench, corpus: Corpus, log) -> None:
    if bench.setup is not None:
        reason = bench.setup(bench)
        if reason:
            bench.skipped = reason
            log(f"  skipped: {reason}")
            return
    live = []
    for c in bench.contenders:
        if c.skipped:
            log(f"  {c.label}: skipped ({c.skipped})")
            continue
        warm = run_cmd(c.argv(c.pages[:WARMUP_PAGES]), cwd=corpus.root, env=c.env)
        if not c.ok(warm.rc):
            c.skipped = f"warm-up failed, exit {warm.rc}: {warm.stderr_tail.strip()[-300:]}"
            log(f"  {c.label}: {c.skipped}")
            continue
        live.append(c)
    for i in range(bench.runs):
        for c in live:          # alternate: A, B, C, A, B, C, ...
            s = run_cmd(c.argv(c.pages), cwd=corpus.root, env=c.env)
            if not c.ok(s.rc):
                c.failures.append(f"run {i + 1}: exit {s.rc}: {s.stderr_tail.strip()[-300:]}")
            c.samples.append(s)
        log("  run %d/%d: %s" % (i + 1, bench.runs, ", ".join(
            f"{c.key} {c.samples[-1].wall:.3f}s" for c in live)))


def build_benches(corpus: Corpus, args, ml: list[str], ml_env: dict, mandoc: str | None,
                  groff: str | None, notes: list[str]) -> list[Bench]:
    runs = args.runs
    pages = corpus.pages
    n = len(pages)
    subset, scale = corpus.subset(args.groff_subset)
    subset_note = (f"{len(subset)}-page evenly spread subset, time ×{scale:.2f}"
                   if scale != 1.0 else "all pages")
    benches: list[Bench] = []

    def missing(tool, path):
        return "" if path else f"{tool} not installed"

    # 1. cold lint of the whole corpus
    benches.append(Bench(
        "lint-cold", f"Cold lint, {n} pages", [
            Contender("manlint", "manlint", "manlint lint --no-cache --format json",
                      lambda p: ml + ["lint", "--no-cache", "--format", "json", *p], pages, env=ml_env),
            Contender("mandoc", "mandoc", "mandoc -T lint (one process)",
                      lambda p: [mandoc, "-T", "lint", *p], pages, ok=lambda rc: rc < 5,
                      skipped=missing("mandoc", mandoc)),
            Contender("groff", "groff", f"groff -ww -z -man -t per page ({subset_note})",
                      loop_sh(f"{shlex.quote(groff or 'groff')} -ww -z -man -t"), subset, scale,
                      ok=lambda rc: rc < 126, skipped=missing("groff", groff)),
        ], runs, [("mandoc", TARGET_COLD_VS_MANDOC), ("groff", TARGET_VS_GROFF)]))

    # 1b. the same run with no lint rule selected: reading and parsing alone,
    # the floor under the cold lint that no rule can lower
    benches.append(Bench(
        "lint-parse", f"Cold lint with no rule selected (reading and parsing only), {n} pages", [
            Contender("manlint", "manlint", "manlint lint --no-cache --format json --select MN001",
                      lambda p: ml + ["lint", "--no-cache", "--format", "json", "--select", "MN001", *p],
                      pages, env=ml_env),
            Contender("mandoc", "mandoc", "mandoc -T lint (one process)",
                      lambda p: [mandoc, "-T", "lint", *p], pages, ok=lambda rc: rc < 5,
                      skipped=missing("mandoc", mandoc)),
        ], runs, [("mandoc", None)]))

    # 2. warm lint: the second run over an unchanged tree
    cache_dir = tempfile.mkdtemp(prefix="manlint-bench-cache-")
    atexit.register(shutil.rmtree, cache_dir, True)
    warm_argv = lambda p: ml + ["lint", "--format", "json", "--cache-dir", cache_dir, *p]  # noqa: E731

    def fill_cache(bench: Bench) -> str | None:
        s = run_cmd(warm_argv(pages), cwd=corpus.root, env=ml_env)
        if s.rc not in (0, 1):
            return f"manlint lint with a cache failed, exit {s.rc}: {s.stderr_tail.strip()[-300:]}"
        entries = sum(len(f) for _d, _s, f in os.walk(cache_dir))
        bench.notes.append(f"cache filled by one untimed run ({s.wall:.2f}s, {entries} entries); "
                           f"every timed manlint run is a repeat over unchanged files")
        return None

    benches.append(Bench(
        "lint-warm", f"Warm lint (cache filled, nothing changed), {n} pages", [
            Contender("manlint", "manlint", "manlint lint --format json --cache-dir (2nd run)",
                      warm_argv, pages, env=ml_env),
            Contender("mandoc", "mandoc", "mandoc -T lint (one process)",
                      lambda p: [mandoc, "-T", "lint", *p], pages, ok=lambda rc: rc < 5,
                      skipped=missing("mandoc", mandoc)),
        ], runs, [("mandoc", TARGET_WARM_VS_MANDOC)], setup=fill_cache))

    # 3. text rendering
    driver = [sys.executable, str(BENCH / "render_all.py")]
    benches.append(Bench(
        "render-text", f"Text rendering, {n} pages", [
            Contender("manlint", "manlint", "bench/render_all.py (one process)",
                      lambda p: driver + ["--to", "text", *p], pages, env=ml_env,
                      ok=lambda rc: rc in (0, 1)),
            Contender("mandoc", "mandoc", "mandoc -T utf8 per page",
                      loop_sh(f"{shlex.quote(mandoc or 'mandoc')} -T utf8"), pages,
                      ok=lambda rc: rc < 126, skipped=missing("mandoc", mandoc)),
            Contender("groff", "groff", f"groff -Tutf8 -man -t per page ({subset_note})",
                      loop_sh(f"{shlex.quote(groff or 'groff')} -Tutf8 -man -t"), subset, scale,
                      ok=lambda rc: rc < 126, skipped=missing("groff", groff)),
        ], runs, [("mandoc", None), ("groff", None)]))

    # 4. HTML of the whole tree
    def html_available(bench: Bench) -> str | None:
        s = run_cmd(driver + ["--probe", "html"], env=ml_env)
        if s.rc != 0:
            return (s.stderr_tail.strip().removeprefix("render_all: ")
                    or "manlint.render.docutils_bridge is not available")
        return None

    benches.append(Bench(
        "render-html", f"HTML rendering, {n} pages", [
            Contender("manlint", "manlint", "bench/render_all.py --to html (one process)",
                      lambda p: driver + ["--to", "html", *p], pages, env=ml_env),
            Contender("mandoc", "mandoc", "mandoc -T html per page",
                      loop_sh(f"{shlex.quote(mandoc or 'mandoc')} -T html"), pages,
                      ok=lambda rc: rc < 126, skipped=missing("mandoc", mandoc)),
        ], runs, [("mandoc", None)], setup=html_available))

    # 4b. the HTML site of the whole tree, and its rebuild (bench/html_site.py)
    site_spec = importlib.util.spec_from_file_location("manlint_bench_html_site",
                                                       BENCH / "html_site.py")
    html_site = importlib.util.module_from_spec(site_spec)
    site_spec.loader.exec_module(html_site)
    benches.extend(html_site.site_benches(sys.modules[__name__], corpus, runs, ml, ml_env, mandoc))

    # 5. check-patch of the seed patch
    patches = sorted(str(p) for p in PATCH_DIR.glob("*.patch")) if PATCH_DIR.is_dir() else []
    touched: list[str] = []
    for p in patches:
        for line in Path(p).read_text(errors="replace").splitlines():
            if line.startswith("+++ b/") and line[6:] not in touched:
                touched.append(line[6:])

    def patch_setup(bench: Bench) -> str | None:
        if not patches or not PATCH_TREE.is_dir():
            return f"no patches under {PATCH_DIR} or no tree {PATCH_TREE}"
        probe = subprocess.run([sys.executable, "-c", "import manlint.commands.check_patch"],
                               env=ml_env, capture_output=True, text=True)
        if probe.returncode != 0:
            return "the check-patch command is not available yet (no manlint.commands.check_patch)"
        s = run_cmd(ml + ["check-patch", "--tree", str(PATCH_TREE), *patches], env=ml_env)
        if "not available" in s.stderr_tail or "invalid choice" in s.stderr_tail:
            return "the check-patch command is not available yet"
        if s.rc not in (0, 1):
            return f"manlint check-patch failed, exit {s.rc}: {s.stderr_tail.strip()[-300:]}"
        return None

    ref_script = ("set -e; d=$(mktemp -d); trap 'rm -rf \"$d\"' EXIT; tree=$1; shift; "
                  "n=$1; shift; i=0; files=; "
                  "while [ $i -lt $n ]; do files=\"$files $1\"; shift; i=$((i+1)); done; "
                  "cd \"$tree\"; cp --parents $files \"$d\"; "
                  "for p do patch -s -p1 -d \"$d\" < \"$p\"; done; "
                  f"cd \"$d\"; {shlex.quote(mandoc or 'mandoc')} -T lint $files || true")
    benches.append(Bench(
        "check-patch", "check-patch of the seed patch (map-fixed-safe-2017)", [
            Contender("manlint", "manlint",
                      f"manlint check-patch --tree man-pages-2017-12-01 ({len(patches)} patch)",
                      lambda _p: ml + ["check-patch", "--tree", str(PATCH_TREE), *patches],
                      pages[:1], env=ml_env),
            Contender("mandoc", "patch+mandoc", "cp + patch -p1 + mandoc -T lint of touched pages",
                      lambda _p: ["sh", "-c", ref_script, "sh", str(PATCH_TREE), str(len(touched)),
                                  *touched, *patches], pages[:1], ok=lambda rc: rc == 0,
                      skipped=missing("mandoc", mandoc) or ("" if shutil.which("patch")
                                                            else "patch not installed")),
        ], runs, [("mandoc", None)], setup=patch_setup))

    # 6. one page, interpreter start included
    one = corpus.find("mmap.2")
    benches.append(Bench(
        "one-page", f"One-page lint ({one}), wall incl. interpreter start, {ONE_PAGE_RUNS} runs", [
            Contender("manlint", "manlint", f"manlint lint --no-cache {one}",
                      lambda _p: ml + ["lint", "--no-cache", one], [one], env=ml_env),
            Contender("mandoc", "mandoc", f"mandoc -T lint {one}",
                      lambda _p: [mandoc, "-T", "lint", one], [one], ok=lambda rc: rc < 5,
                      skipped=missing("mandoc", mandoc)),
            Contender("nopyc", "manlint", f"manlint lint --no-cache {one}, no bytecode cache",
                      lambda _p: ml + ["lint", "--no-cache", one], [one],
                      env={**{k: v for k, v in ml_env.items() if k != "PYTHONPYCACHEPREFIX"},
                           "PYTHONDONTWRITEBYTECODE": "1"}),
            Contender("python", "python", f"{os.path.basename(sys.executable)} -c pass (floor)",
                      lambda _p: [sys.executable, "-c", "pass"], [one], ok=lambda rc: rc == 0),
        ], max(ONE_PAGE_RUNS, runs), [("mandoc", None), ("nopyc", None), ("python", None)]))

    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {b.id for b in benches} - {"memory"}
        if unknown:
            raise SystemExit(f"bench: unknown benchmark id(s): {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(b.id for b in benches)}, memory")
        benches = [b for b in benches if b.id in wanted]
    return benches


def measure_memory(corpus: Corpus, ml: list[str], ml_env: dict, mandoc: str | None) -> dict:
    """Whole-tree cold lint once more, sampling the memory of the whole process tree."""
    out = {}
    s = run_cmd(ml + ["lint", "--no-cache", "--format", "json", *corpus.pages],
                cwd=corpus.root, env=ml_env, sample_tree=True)
    out["manlint"] = {"maxrss_kb": s.maxrss_kb, "tree_peak_kb": s.tree_peak_kb, "rc": s.rc,
                      "wall_s": _r(s.wall)}
    if mandoc:
        m = run_cmd([mandoc, "-T", "lint", *corpus.pages], cwd=corpus.root, sample_tree=True)
        out["mandoc"] = {"maxrss_kb": m.maxrss_kb, "tree_peak_kb": m.tree_peak_kb, "rc": m.rc,
                         "wall_s": _r(m.wall)}
    return out


# ---------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------

def fmt_s(x: float | None) -> str:
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:.0f} s"
    if x >= 10:
        return f"{x:.1f} s"
    if x >= 1:
        return f"{x:.2f} s"
    return f"{x * 1000:.0f} ms" if x >= 0.01 else f"{x * 1000:.1f} ms"


def fmt_ratio(r: float | None) -> str:
    if r is None:
        return "—"
    return f"{r:.1f}×" if r >= 10 else (f"{r:.2f}×" if r >= 0.1 else f"{r:.3f}×")


def fmt_mb(kb: int | None) -> str:
    return "—" if kb is None else f"{kb / 1024:.0f} MB"


def table(benches: list[Bench], memory: dict | None) -> tuple[str, list[dict]]:
    head = ("| # | benchmark | manlint | reference | reference time | manlint / ref | "
            "CPU ratio | target | met |\n"
            "|---|---|---:|---|---:|---:|---:|---|:-:|\n")
    rows, summary = [], []
    for i, b in enumerate(benches, 1):
        if b.skipped:
            rows.append(f"| {i} | {b.title} | skipped | — | — | — | — | — | — |")
            summary.append({"bench": b.id, "skipped": b.skipped})
            continue
        ml = b.contender("manlint")
        mw = ml.median_wall()
        first = True
        for ref_key, target in b.comparisons or [(None, None)]:
            ref = b.contender(ref_key) if ref_key else None
            rw = ref.median_wall() if ref else None
            ratio = mw / rw if (mw is not None and rw) else None
            rc_ = ref.median_cpu() if ref else None
            cpu_ratio = ml.median_cpu() / rc_ if (ml.median_cpu() is not None and rc_) else None
            tdesc, met = "", ""
            limit = TARGET_ONE_PAGE_S if b.id == "one-page" else b.absolute
            if limit is not None and first:
                tdesc = f"manlint < {limit} s"
                met = "✓" if mw is not None and mw < limit else "✗"
            elif target is not None:
                tdesc = target[0]
                met = "—" if ratio is None else ("✓" if target[1](ratio) else "✗")
            ref_label = ref.label if ref else "—"
            if ref and ref.skipped:
                ref_label += f" (skipped: {ref.skipped[:60]})"
            rows.append(f"| {i if first else ''} | {b.title if first else ''} | "
                        f"{fmt_s(mw) if first else ''} | {ref_label} | {fmt_s(rw)} | "
                        f"{fmt_ratio(ratio)} | {fmt_ratio(cpu_ratio)} | {tdesc} | {met} |")
            summary.append({"bench": b.id, "reference": ref_key, "manlint_s": _r(mw),
                            "reference_s": _r(rw), "ratio": _r(ratio), "cpu_ratio": _r(cpu_ratio),
                            "target": tdesc, "met": met})
            first = False
    if memory is not None:
        i = len(benches) + 1
        m = memory.get("manlint", {})
        r = memory.get("mandoc", {})
        tree = m.get("tree_peak_kb")
        met = "—" if not tree else ("✓" if tree / 1024 < TARGET_MEMORY_MB else "✗")
        rows.append(f"| {i} | Peak memory, whole-tree cold lint: all processes (sampled PSS) | "
                    f"{fmt_mb(tree)} | mandoc -T lint | {fmt_mb(r.get('tree_peak_kb'))} | "
                    f"{fmt_ratio(tree / r['tree_peak_kb'] if tree and r.get('tree_peak_kb') else None)} | | "
                    f"< {TARGET_MEMORY_MB:.0f} MB | {met} |")
        rows.append(f"| | largest single process (max RSS, wait4) | {fmt_mb(m.get('maxrss_kb'))} | "
                    f"mandoc -T lint | {fmt_mb(r.get('maxrss_kb'))} | "
                    f"{fmt_ratio(m['maxrss_kb'] / r['maxrss_kb'] if m.get('maxrss_kb') and r.get('maxrss_kb') else None)}"
                    f" | | | |")
        summary.append({"bench": "memory", "manlint_tree_peak_kb": tree,
                        "manlint_maxrss_kb": m.get("maxrss_kb"), "mandoc_maxrss_kb": r.get("maxrss_kb"),
                        "met": met})
    return head + "\n".join(rows) + "\n", summary


def details(benches: list[Bench]) -> str:
    out = ["| benchmark | contender | pages | runs | median wall | median CPU | min–max wall | max RSS | exit |",
           "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for b in benches:
        for c in b.contenders:
            if b.skipped or c.skipped or not c.samples:
                continue
            walls = [s.wall * c.scale for s in c.samples]
            out.append(f"| {b.id} | {c.label} | {len(c.pages)} | {len(c.samples)} | "
                       f"{fmt_s(c.median_wall())} | {fmt_s(c.median_cpu())} | "
                       f"{fmt_s(min(walls))}–{fmt_s(max(walls))} | "
                       f"{fmt_mb(max(s.maxrss_kb for s in c.samples))} | "
                       f"{','.join(str(rc) for rc in sorted({s.rc for s in c.samples}))} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark manlint against mandoc and groff.")
    ap.add_argument("--quick", action="store_true", help="2 runs per benchmark instead of 5")
    ap.add_argument("--runs", type=int, help="runs per benchmark (default 5, --quick 2)")
    ap.add_argument("--corpus", help=f"directory of pages (default {DEFAULT_CORPUS})")
    ap.add_argument("--only", help="comma-separated benchmark ids: lint-cold, lint-parse, lint-warm, "
                                   "render-text, render-html, html-site, html-rebuild, "
                                   "check-patch, one-page, memory")
    ap.add_argument("--groff-subset", type=int, default=200, metavar="N",
                    help="pages for the per-page groff figures, scaled to the corpus (default 200; "
                         "0 = all pages)")
    ap.add_argument("--no-save", action="store_true", help="print only; write nothing to bench/results")
    args = ap.parse_args(argv)
    args.runs = args.runs or (2 if args.quick else 5)
    if args.runs < 1:
        ap.error("--runs must be at least 1")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started = _dt.datetime.now().astimezone()
    t_start = time.perf_counter()
    ml, ml_env, origin = manlint_command()
    mandoc, groff = shutil.which("mandoc"), shutil.which("groff")
    notes: list[str] = []
    if not mandoc:
        notes.append("mandoc is not installed (apt-get install mandoc): its columns are empty")
    if not groff:
        notes.append("groff is not installed: its columns are empty")
    corpus = load_corpus(args.corpus)
    try:
        machine = machine_info(mandoc, groff, origin, ml_env)
        log(f"bench: {len(corpus.pages)} pages ({corpus.total_bytes / 1e6:.1f} MB, "
            f"{corpus.links_skipped} .so links left out) from {corpus.description}; "
            f"{args.runs} runs; load {machine['loadavg_start']}")
        benches = build_benches(corpus, args, ml, ml_env, mandoc, groff, notes)
        for b in benches:
            log(f"[{b.id}] {b.title}")
            execute(b, corpus, log)
        memory = None
        if not args.only or "memory" in args.only.split(","):
            log("[memory] whole-tree cold lint with the process tree sampled every 50 ms")
            memory = measure_memory(corpus, ml, ml_env, mandoc)
    finally:
        if corpus.tmpdir:
            shutil.rmtree(corpus.tmpdir, ignore_errors=True)
    machine["loadavg_end"] = load_average()

    main_table, summary = table(benches, memory)
    for b in benches:
        for c in b.contenders:
            if c.scale != 1.0 and c.samples:
                notes.append(f"{b.id}: {c.tool} per page was timed on {len(c.pages)} of "
                             f"{len(corpus.pages)} pages (evenly spread over the sorted list) "
                             f"and its times scaled ×{c.scale:.2f} to the whole corpus")
            for f in c.failures[:2]:
                notes.append(f"{b.id}: {c.label}: unexpected exit: {f}")
            if c.skipped and not b.skipped:
                notes.append(f"{b.id}: {c.label}: skipped: {c.skipped}")
        if b.skipped:
            notes.append(f"{b.id}: skipped: {b.skipped}")
        notes.extend(f"{b.id}: {n}" for n in b.notes)
    try:
        load_hi = max(float(machine["loadavg_start"].split()[0]), float(machine["loadavg_end"].split()[0]))
        if load_hi > (machine["usable_cores"] or 1):
            notes.append(f"the machine was busy (load average up to {load_hi:.1f} on "
                         f"{machine['usable_cores']} cores): wall times are inflated and noisy; "
                         f"compare the CPU column and the ratios")
    except (ValueError, IndexError):
        pass
    notes.append("ratio = manlint median wall / reference median wall (below 1: manlint is faster); "
                 "CPU ratio = the same with CPU time (user+system of the process and all its children)")
    if memory is not None:
        notes.append("memory: 'all processes' is the peak sum of PSS over the process tree "
                     "(multiprocessing workers included), sampled every 50 ms during one extra run")

    elapsed = time.perf_counter() - t_start
    header = (f"# manlint benchmarks\n\n"
              f"{started:%Y-%m-%d %H:%M %Z} · {len(corpus.pages)} pages "
              f"({corpus.total_bytes / 1e6:.1f} MB) of {corpus.description}, "
              f"{corpus.links_skipped} .so link pages left out · {args.runs} alternated runs "
              f"(+1 untimed warm-up) per benchmark, medians · total {elapsed:.0f} s\n\n")
    mach = "".join(f"- {k}: {v}\n" for k, v in machine.items())
    text = (header + main_table + "\nNotes:\n\n" + "".join(f"- {n}\n" for n in notes)
            + "\n## All measurements\n\n" + details(benches) + "\n## Machine\n\n" + mach)
    print(text)
    if not args.no_save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "latest.md").write_text(text, encoding="utf-8")
        record = {
            "date": started.isoformat(timespec="seconds"), "machine": machine,
            "corpus": {"path": corpus.description, "pages": len(corpus.pages),
                       "bytes": corpus.total_bytes, "links_skipped": corpus.links_skipped},
            "runs": args.runs, "quick": args.quick, "only": args.only, "elapsed_s": round(elapsed, 1),
            "summary": summary,
            "benches": [{"id": b.id, "title": b.title, "skipped": b.skipped, "notes": b.notes,
                         "contenders": [c.to_json() for c in b.contenders]} for b in benches],
            "memory": memory, "notes": notes,
        }
        with open(RESULTS / "history.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        log(f"bench: wrote {RESULTS / 'latest.md'} and appended to {RESULTS / 'history.jsonl'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
