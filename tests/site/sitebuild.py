"""Helpers shared by the site tests: one build of man-pages 5.13 per session.

The build runs the real command line (``python -m manlint html TREE -o OUT
--jobs 2``) in a subprocess and is timed; every test module asks for it
through ``corpus_site`` and gets the same directory.
"""

from __future__ import annotations

import html.parser
import os
import re
import struct
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass

import pytest

from conftest import ROOT, SRC, shared_path

SUMMARY_RE = re.compile(
    r"manlint html: (?P<pages>\d+) pages \((?P<rendered>\d+) rendered\), "
    r"(?P<aliases>\d+) aliases \((?P<written>\d+) written\), (?P<links>\d+) links.*?, "
    r"(?P<unresolved>\d+) unresolved references.*?, (?P<seconds>[\d.]+) s -> ")

_STATE: dict = {}


@dataclass
class SiteBuild:
    tree: str
    out: str
    wall: float             # seconds, the whole command
    summary: dict           # the numbers of the summary line
    stdout: str
    stderr: str
    code: str               # the rendering code's fingerprint when the build started


def run_cli(*args: str, timeout: float = 900) -> tuple[subprocess.CompletedProcess, float]:
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "manlint", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, stdin=subprocess.DEVNULL)
    return proc, time.perf_counter() - t0


def parse_summary(stdout: str) -> dict:
    m = SUMMARY_RE.search(stdout)
    assert m, f"no summary line in {stdout!r}"
    return {k: (float(v) if k == "seconds" else int(v)) for k, v in m.groupdict().items()}


def corpus_site(tmp_path_factory) -> SiteBuild:
    """man-pages 5.13 built once per session (skipped when the corpus is absent)."""
    tree = shared_path("corpus", "man-pages-5.13")
    if "corpus" not in _STATE:
        from manlint.site.manifest import code_fingerprint
        out = str(tmp_path_factory.mktemp("site") / "out")
        code = code_fingerprint()
        proc, wall = run_cli("html", tree, "-o", out, "--jobs", "2")
        if proc.returncode != 0:
            _STATE["corpus"] = RuntimeError(f"build failed ({proc.returncode}): {proc.stderr[-2000:]}")
        else:
            _STATE["corpus"] = SiteBuild(tree, out, wall, parse_summary(proc.stdout), proc.stdout,
                                         proc.stderr, code)
    got = _STATE["corpus"]
    if isinstance(got, Exception):
        pytest.fail(str(got))
    return got


def skip_if_code_changed(code: str) -> None:
    """Rebuild counts only hold while the rendering code stays the same.

    The manifest fingerprints manlint's rendering code, so an edit to it
    during the test run (another engineer at work) rightly rebuilds every
    page; the counting tests then have nothing to check.
    """
    from manlint.site.manifest import code_fingerprint
    if code_fingerprint() != code:
        pytest.skip("manlint's rendering code changed during the test run, so every page is rebuilt")


def screenshots_dir() -> str:
    path = os.path.join(ROOT, "build", "screenshots")
    os.makedirs(path, exist_ok=True)
    return path


# ---- reading the built HTML ----------------------------------------------------------

class LinkScan(html.parser.HTMLParser):
    """The links, the ids, the cross-reference texts of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []       # (href, text) of every <a>
        self.manrefs: list[tuple[str, str]] = []     # (href, text) of every <a class="manref">
        self.missing: list[str] = []                 # texts of xref-missing spans
        self.title = ""
        self._stack: list[list] = []                 # [kind, href, text parts]
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a":
            if a.get("href") is not None:
                self.hrefs.append(a["href"])
            kind = "manref" if "manref" in (a.get("class") or "").split() else "a"
            self._stack.append([kind, a.get("href"), []])
        elif tag == "span" and "xref-missing" in (a.get("class") or "").split():
            self._stack.append(["missing", None, []])
        elif tag == "span" and self._stack:
            self._stack.append(["inner", None, None])
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag not in ("a", "span") or not self._stack:
            return
        kind, href, parts = self._stack.pop()
        if kind in ("a", "manref"):
            self.links.append((href, "".join(parts)))
        if kind == "manref":
            self.manrefs.append((href, "".join(parts)))
        elif kind == "missing":
            self.missing.append("".join(parts))

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        for entry in self._stack:
            if entry[2] is not None:
                entry[2].append(data)


def scan(path: str) -> LinkScan:
    p = LinkScan()
    with open(path, encoding="utf-8") as fh:
        p.feed(fh.read())
    p.close()
    return p


# ---- PNG ------------------------------------------------------------------------------

def png_top_luma(path: str, rows: int = 6) -> float:
    """The mean luma (0-255) of the first rows of a PNG (8-bit RGB or RGBA, not interlaced)."""
    with open(path, "rb") as fh:
        data = fh.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos = 8
    width = height = None
    channels = 0
    dec = zlib.decompressobj()
    raw = b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _c, _f, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and interlace == 0 and ctype in (2, 6), "unexpected PNG format"
            channels = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            raw += dec.decompress(chunk)
            if len(raw) >= (width * channels + 1) * rows:
                break
    stride = width * channels
    prev = bytearray(stride)
    total = 0
    count = 0
    for r in range(min(rows, height)):
        line = raw[r * (stride + 1):(r + 1) * (stride + 1)]
        ftype, cur = line[0], bytearray(line[1:])
        for i in range(stride):
            a = cur[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if ftype == 1:
                cur[i] = (cur[i] + a) & 255
            elif ftype == 2:
                cur[i] = (cur[i] + b) & 255
            elif ftype == 3:
                cur[i] = (cur[i] + ((a + b) >> 1)) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                cur[i] = (cur[i] + pred) & 255
        for x in range(0, stride, channels):
            total += 0.2126 * cur[x] + 0.7152 * cur[x + 1] + 0.0722 * cur[x + 2]
            count += 1
        prev = cur
    return total / count
