"""Running the system C compiler on code taken from a page.

Two checks use it (see ``compile_synopsis`` and ``compile_examples``):

* the SYNOPSIS prototypes of section 2 and 3 pages are declared again after
  the page's own ``#include`` lines, so that the compiler says whether a
  prototype conflicts with the header's declaration;
* the example programs of EXAMPLES are compiled with ``-Wall -Wextra``.

This module holds what both share: finding the compiler and the flags it
understands, running ``cc -fsyntax-only -x c -`` with a timeout, parsing its
messages, a content-hash cache of the results (``~/.cache/manlint/cc/`` by
default) and a thread pool so that compile jobs run in parallel.

The public entry points are re-exported here::

    from manlint.world.compile import (
        Compiler, find_compiler, check_prototypes, check_examples,
        extract_programs, write_programs, check_pages)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

DEFAULT_TIMEOUT = 60.0
CACHE_VERSION = "cc-v1"

# Output of the compiler is parsed in the C locale: plain ASCII quotes.
_ENV_DROP = ("GCC_COLORS", "GCC_URLS", "TERM_URLS", "CLICOLOR_FORCE", "GCC_EXTRA_DIAGNOSTIC_OUTPUT")


@dataclass
class CcMessage:
    """One compiler diagnostic: where, how bad, what; notes that follow it."""
    file: str
    line: int
    col: int
    severity: str          # "error", "warning", "fatal error", "note"
    text: str
    option: str = ""       # "-Wunused-parameter" when the compiler names it
    notes: list["CcMessage"] = field(default_factory=list)
    included_from: list[tuple[str, int]] = field(default_factory=list)

    @property
    def is_error(self) -> bool:
        return self.severity in ("error", "fatal error")


@dataclass
class CompileResult:
    returncode: int
    stderr: str
    timed_out: bool = False
    cached: bool = False
    messages: list[CcMessage] = field(default_factory=list)


@dataclass(frozen=True)
class CompileJob:
    """One translation unit: the source on stdin, extra flags, and files beside it.

    ``files`` are (name, text) pairs written to a scratch directory that is
    the compiler's working directory and on its quote include path (local
    headers such as "connection.h" that a page's example defines itself).
    """
    source: str
    flags: tuple[str, ...] = ()
    files: tuple[tuple[str, str], ...] = ()


_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?:(?P<col>\d+):)?\s*"
                   r"(?P<sev>fatal error|error|warning|note):\s*(?P<text>.*)$")
_INCLUDED = re.compile(r"^(?:In file included|\s+)from (?P<file>.+?):(?P<line>\d+)[:,]$")
_OPTION = re.compile(r"\s*\[(-W[^\]]+|-f[^\]]+|enabled by default)\]$")


def parse_messages(stderr: str) -> list[CcMessage]:
    """gcc's or clang's plain diagnostic lines, notes attached to the message before them."""
    out: list[CcMessage] = []
    included: list[tuple[str, int]] = []
    for raw in stderr.splitlines():
        m = _INCLUDED.match(raw)
        if m:
            included.append((m.group("file"), int(m.group("line"))))
            continue
        m = _LINE.match(raw)
        if not m:
            if not raw.startswith((" ", "\t")):
                included = []
            continue
        text = m.group("text")
        option = ""
        om = _OPTION.search(text)
        if om:
            option = om.group(1)
            text = text[:om.start()]
        msg = CcMessage(m.group("file"), int(m.group("line")), int(m.group("col") or 0),
                        m.group("sev"), text.strip(), option, [], included)
        included = []
        if msg.severity == "note" and out:
            out[-1].notes.append(msg)
        else:
            out.append(msg)
    return out


def default_cache_dir() -> str:
    """``$MANLINT_CC_CACHE``, else ``$XDG_CACHE_HOME/manlint/cc`` or ``~/.cache/manlint/cc``.

    ``MANLINT_CC_CACHE=off`` (or empty) keeps results in memory only.
    """
    env = os.environ.get("MANLINT_CC_CACHE")
    if env is not None:
        return "" if env.strip().lower() in ("", "off", "none", "0") else env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "manlint", "cc")


class Compiler:
    """The system compiler, the flags it takes, a result cache and a thread pool.

    ``Compiler.find()`` returns None when there is no ``cc`` (or the one
    named by ``$MANLINT_CC``).  ``run(job)`` and ``run_many(jobs)`` compile;
    identical jobs are answered from memory or from the cache directory,
    keyed by a hash of the compiler's identity, the flags, the files and the
    source.
    """

    MEMORY_ENTRIES = 2048

    def __init__(self, path: str, cache_dir: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                 jobs: int | None = None):
        self.path = path
        self.timeout = timeout
        self.cache_dir = default_cache_dir() if cache_dir is None else cache_dir
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.stats = {"compiled": 0, "memory": 0, "disk": 0, "timeouts": 0}
        self._memory: OrderedDict[str, CompileResult] = OrderedDict()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self.env = {k: v for k, v in os.environ.items() if k not in _ENV_DROP}
        self.env.update(LC_ALL="C", LANG="C", LANGUAGE="C")
        self.identity, self.flavour = self._identify()
        self.plain_flags = self._probe_plain_flags()

    # ---- construction ----------------------------------------------------------
    @classmethod
    def find(cls, name: str | None = None, **kw) -> "Compiler | None":
        name = name or os.environ.get("MANLINT_CC") or "cc"
        path = shutil.which(name)
        if path is None:
            return None
        try:
            return cls(path, **kw)
        except (OSError, subprocess.SubprocessError):
            return None

    def _identify(self) -> tuple[str, str]:
        proc = subprocess.run([self.path, "--version"], capture_output=True, text=True,
                              env=self.env, timeout=30)
        version = proc.stdout.strip()
        real = os.path.realpath(self.path)
        parts = [real, version]
        try:
            st = os.stat(real)
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            pass
        # The C library's headers change when it is upgraded; features.h
        # stands for them.
        for probe in ("/usr/include/features.h",):
            try:
                parts.append(f"{probe}:{os.stat(probe).st_mtime_ns}")
            except OSError:
                pass
        flavour = "clang" if "clang" in version.lower() else "gcc"
        return "\n".join(parts), flavour

    def _probe_plain_flags(self) -> tuple[str, ...]:
        candidates = [
            ("-fdiagnostics-plain-output", "-fdiagnostics-column-unit=byte",
             "-fdiagnostics-show-option"),
            ("-fno-color-diagnostics", "-fno-caret-diagnostics", "-fdiagnostics-show-option"),
            ("-fno-diagnostics-show-caret", "-fdiagnostics-color=never"),
        ]
        if self.flavour == "clang":
            candidates.insert(0, candidates.pop(1))
        for flags in candidates:
            try:
                proc = subprocess.run([self.path, *flags, "-Werror", "-fsyntax-only", "-x", "c", "-"],
                                      input=b"int manlint_probe;\n", capture_output=True,
                                      env=self.env, timeout=30)
            except (OSError, subprocess.SubprocessError):
                continue
            if proc.returncode == 0:
                return flags
        return ()

    # ---- compiling -------------------------------------------------------------
    def key(self, job: CompileJob) -> str:
        h = hashlib.blake2b(digest_size=20)
        for part in (CACHE_VERSION, self.identity, "\0".join(self.plain_flags), "\0".join(job.flags)):
            h.update(part.encode("utf-8", "surrogateescape"))
            h.update(b"\1")
        for name, text in job.files:
            h.update(name.encode() + b"\2" + text.encode("utf-8", "surrogateescape") + b"\1")
        h.update(job.source.encode("utf-8", "surrogateescape"))
        return h.hexdigest()

    def run(self, job: CompileJob) -> CompileResult:
        k = self.key(job)
        with self._lock:
            hit = self._memory.get(k)
            if hit is not None:
                self._memory.move_to_end(k)
                self.stats["memory"] += 1
                return hit
        result = self._disk_get(k)
        if result is not None:
            with self._lock:
                self.stats["disk"] += 1
        else:
            result = self._compile(job)
            if not result.timed_out:
                self._disk_put(k, result)
        result.messages = parse_messages(result.stderr)
        with self._lock:
            self._memory[k] = result
            while len(self._memory) > self.MEMORY_ENTRIES:
                self._memory.popitem(last=False)
        return result

    def run_many(self, jobs: list[CompileJob]) -> list[CompileResult]:
        """Compile several jobs in parallel; results in the order of ``jobs``."""
        if len(jobs) <= 1 or self.jobs == 1:
            return [self.run(j) for j in jobs]
        pool = self._executor()
        return list(pool.map(self.run, jobs))

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.jobs, thread_name_prefix="manlint-cc")
            return self._pool

    def _compile(self, job: CompileJob) -> CompileResult:
        argv = [self.path, *self.plain_flags, "-fsyntax-only", *job.flags, "-x", "c", "-"]
        data = job.source.encode("utf-8", "surrogateescape")
        with self._lock:
            self.stats["compiled"] += 1
        scratch = None
        try:
            cwd = None
            if job.files:
                scratch = tempfile.mkdtemp(prefix="manlint-cc-")
                for name, text in job.files:
                    with open(os.path.join(scratch, os.path.basename(name)), "w",
                              encoding="utf-8", errors="surrogateescape") as fh:
                        fh.write(text)
                cwd = scratch
                argv[1:1] = ["-iquote", "."]
            try:
                proc = subprocess.run(argv, input=data, capture_output=True, env=self.env,
                                      cwd=cwd, timeout=self.timeout)
            except subprocess.TimeoutExpired:
                with self._lock:
                    self.stats["timeouts"] += 1
                return CompileResult(-1, "", timed_out=True)
            stderr = proc.stderr.decode("utf-8", "replace")
            return CompileResult(proc.returncode, stderr)
        finally:
            if scratch:
                shutil.rmtree(scratch, ignore_errors=True)

    # ---- the disk cache ----------------------------------------------------------
    def _disk_path(self, k: str) -> str:
        return os.path.join(self.cache_dir, k[:2], k + ".json")

    def _disk_get(self, k: str) -> CompileResult | None:
        if not self.cache_dir:
            return None
        try:
            with open(self._disk_path(k), encoding="utf-8") as fh:
                data = json.load(fh)
            return CompileResult(int(data["rc"]), str(data["stderr"]), cached=True)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _disk_put(self, k: str, result: CompileResult) -> None:
        if not self.cache_dir:
            return
        path = self._disk_path(k)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"rc": result.returncode, "stderr": result.stderr}, fh)
            os.replace(tmp, path)
        except OSError:
            pass


_DEFAULT: dict[str, Compiler | None] = {}
_DEFAULT_LOCK = threading.Lock()


def find_compiler(name: str | None = None, cache_dir: str | None = None) -> Compiler | None:
    """The shared compiler for this process (None when there is no cc).

    Keyed by compiler name and cache directory, so that tests can point the
    cache elsewhere with ``cache_dir`` or ``$MANLINT_CC_CACHE``.
    """
    name = name or os.environ.get("MANLINT_CC") or "cc"
    cache = default_cache_dir() if cache_dir is None else cache_dir
    key = f"{name}\0{cache}"
    with _DEFAULT_LOCK:
        if key not in _DEFAULT:
            _DEFAULT[key] = Compiler.find(name, cache_dir=cache)
        return _DEFAULT[key]


def header_name(path: str) -> str:
    """/usr/include/x86_64-linux-gnu/sys/mman.h -> <sys/mman.h> (best effort)."""
    m = re.search(r"/include/(?:[\w.-]+-linux-[\w.-]+/)?(?:c\+\+/[\d.]+/)?(.+)$", path)
    if m:
        return f"<{m.group(1)}>"
    return path


def check_pages(paths: list[str], compiler: Compiler | None = None, prototypes: bool = True,
                examples: bool = True, jobs: int | None = None) -> dict[str, dict]:
    """Run both checks over many pages in parallel: path -> {"prototypes": report, "examples": report}.

    Used for measuring over a corpus; pages that cannot be read are left out.
    """
    from ..man import parse_file
    compiler = compiler or find_compiler()
    if compiler is None:
        return {}

    def one(path: str):
        try:
            doc = parse_file(path, follow_so=False)
        except (OSError, ValueError):
            return path, None
        got: dict = {}
        if prototypes:
            from .compile_synopsis import check_prototypes
            got["prototypes"] = check_prototypes(doc, compiler)
        if examples:
            from .compile_examples import check_examples
            got["examples"] = check_examples(doc, compiler)
        return path, got

    with ThreadPoolExecutor(max(1, jobs or (compiler.jobs * 2))) as pool:
        return {p: r for p, r in pool.map(one, paths) if r is not None}


def __getattr__(name: str):
    # Lazy re-exports: keep the import of this module cheap for the rules.
    if name in ("check_prototypes", "PrototypeReport", "PrototypeFinding"):
        from . import compile_synopsis
        return getattr(compile_synopsis, name)
    if name == "extract_synopsis":
        from .synopsis_declarations import extract_synopsis
        return extract_synopsis
    if name in ("check_examples", "extract_programs", "write_programs", "ExampleReport",
                "ExampleFinding", "Program"):
        from . import compile_examples
        return getattr(compile_examples, name)
    if name in ("CodeLine", "section_code_lines"):
        from . import compile_source
        return getattr(compile_source, name)
    raise AttributeError(name)
