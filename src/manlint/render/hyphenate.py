r"""Liang hyphenation, behaving like groff 1.22.4's ``.hy`` machinery.

Patterns and exceptions are read at run time from the groff installation
(``hyphen.us`` and ``hyphenex.us`` in groff's ``tmac`` directory, the files
groff's ``troffrc`` loads with ``.hpf``/``.hpfa``; the exceptions of the
later file win).  When they cannot be found hyphenation is silently off.
The tables are loaded once per process, on first use.

Facts about groff 1.22.4 reproduced here (established by experiment with
``groff -Tutf8 -mandoc``):

* Only the letters a-z/A-Z take part (groff's default ``hcode``s, upper
  case folded to lower case).  A word is hyphenated letter run by letter
  run; digits, punctuation and non-ASCII letters separate runs.
* With the patterns' (or an exception's) points, for a run of ``n``
  letters a hyphen may go before letter ``p`` (1-based ``p`` letters before
  it) where: ``p = 1`` only with mode bit 32; ``p = 2`` not with bit 8;
  ``p = n - 1`` only with bit 16; ``p = n - 2`` not with bit 4.  (groff
  1.22.4 gives odd results for the combinations 8+32 and 4+16, which are
  not reproduced.)  Bit 2 (not on a page's last line) is ignored: there
  are no pages.  Mode 0 turns hyphenation off.
* An exception (``\hyphenation``) replaces the patterns for its word, and
  the mode's limits apply to it too (groff prints ``acad-emy`` in mode 4
  for the exception ``acad-e-my``).

The man macros of groff 1.22.4 use ``.hy 4`` when rendering continuously
(``-rcR=1``, man(1)'s default; an-old.tmac sets the HY register to 4, or to
6 without cR), so in mode 4 a word keeps at least two letters before and
three after a hyphen: ``hy-phen-a-tion``, ``in-fin-ity``.
"""

from __future__ import annotations

import glob
import os
import re
import threading

__all__ = [
    "Hyphenator",
    "default_hyphenator",
    "find_tmac_dir",
    "load_patterns",
    "parse_tex_hyphenation",
    "MAN_HYPHENATION_MODE",
]

#: ``.hy`` value the man macros of groff 1.22.4 set for ``-rcR=1``.
MAN_HYPHENATION_MODE = 4

_TMAC_CANDIDATES = (
    "/usr/share/groff/current/tmac",
    "/usr/local/share/groff/current/tmac",
    "/usr/share/groff/*/tmac",
    "/usr/local/share/groff/*/tmac",
    "/usr/lib/groff/tmac",
    "/opt/homebrew/share/groff/*/tmac",
    "/usr/pkg/share/groff/*/tmac",
)


def find_tmac_dir(filename: str = "hyphen.us") -> str | None:
    """Return the groff tmac directory that holds *filename*, or None."""
    env = os.environ.get("GROFF_TMAC_PATH")
    candidates = env.split(os.pathsep) if env else []
    candidates.extend(_TMAC_CANDIDATES)
    for cand in candidates:
        if not cand:
            continue
        for d in sorted(glob.glob(cand), reverse=True):
            if os.path.isfile(os.path.join(d, filename)):
                return d
    return None


_CARET_HEX = re.compile(r"\^\^([0-9a-f]{2})")
_CARET_CHR = re.compile(r"\^\^(.)")


def _unescape(tok: str) -> str:
    if "^^" not in tok:
        return tok
    tok = _CARET_HEX.sub(lambda m: chr(int(m.group(1), 16)), tok)

    def one(m: re.Match) -> str:
        c = ord(m.group(1))
        return chr(c + 64 if c < 64 else c - 64)

    return _CARET_CHR.sub(one, tok)


def _strip_comments(text: str) -> str:
    out = []
    for line in text.splitlines():
        i = 0
        while True:
            i = line.find("%", i)
            if i < 0:
                break
            if i > 0 and line[i - 1] == "\\":
                i += 1
                continue
            line = line[:i]
            break
        out.append(line)
    return "\n".join(out)


def parse_tex_hyphenation(text: str) -> tuple[list[str], list[str]]:
    """Parse a TeX-style hyphenation file.

    Returns ``(patterns, exceptions)`` as lists of raw tokens (patterns like
    ``.ach4``, exceptions like ``ta-ble``).
    """
    text = _strip_comments(text)
    end = text.find("\\endinput")
    if end >= 0:
        text = text[:end]
    patterns: list[str] = []
    exceptions: list[str] = []
    pos = 0
    cmd = re.compile(r"\\(patterns|hyphenation)\s*\{")
    while True:
        m = cmd.search(text, pos)
        if not m:
            break
        close = text.find("}", m.end())
        if close < 0:
            close = len(text)
        toks = [_unescape(t) for t in text[m.end():close].split()]
        (patterns if m.group(1) == "patterns" else exceptions).extend(toks)
        pos = close + 1
    return patterns, exceptions


def _hcode(s: str) -> str:
    return s.lower()


class Hyphenator:
    """Liang hyphenator over a pattern table and an exception list."""

    def __init__(self, patterns=(), exceptions=()):
        self._pats: dict[str, tuple[int, ...]] = {}
        self._maxlen = 0
        self._exc: dict[str, tuple[int, ...]] = {}
        self.add_patterns(patterns)
        self.add_exceptions(exceptions)
        self._cache: dict[str, tuple[int, ...]] = {}

    # -- building ---------------------------------------------------------
    def add_patterns(self, patterns) -> None:
        for p in patterns:
            letters = []
            vals = [0]
            for c in p:
                if c.isdigit():
                    vals[-1] = int(c)
                else:
                    letters.append(c)
                    vals.append(0)
            key = _hcode("".join(letters))
            if not key:
                continue
            self._pats[key] = tuple(vals)
            self._maxlen = max(self._maxlen, len(key))
        self._cache = {}

    def add_exceptions(self, exceptions) -> None:
        for e in exceptions:
            word = e.replace("-", "")
            if not word:
                continue
            points = []
            n = 0
            for c in e:
                if c == "-":
                    points.append(n)
                else:
                    n += 1
            self._exc[_hcode(word)] = tuple(p for p in points if 0 < p < len(word))
        self._cache = {}

    # -- querying ---------------------------------------------------------
    def liang(self, word: str) -> tuple[int, ...]:
        """Raw Liang values: ``v[i]`` is the value between word[i-1] and word[i]."""
        w = "." + _hcode(word) + "."
        n = len(w)
        vals = [0] * (n + 1)
        pats = self._pats
        maxlen = self._maxlen
        for i in range(n):
            for j in range(i + 1, min(n, i + maxlen) + 1):
                v = pats.get(w[i:j])
                if v:
                    for k, x in enumerate(v):
                        if x > vals[i + k]:
                            vals[i + k] = x
        # vals[k] sits before w[k]; word position p (before word[p]) is w index p+1
        return tuple(vals[1:n])

    def letter_points(self, run: str, mode: int) -> tuple[int, ...]:
        """Hyphenation points (indices into *run*) of a run of letters."""
        key = (run, mode)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        res = self._compute(run, mode)
        if len(self._cache) > 100000:
            self._cache.clear()
        self._cache[key] = res
        return res

    def _compute(self, run: str, mode: int) -> tuple[int, ...]:
        n = len(run)
        if n < 2 or not mode:
            return ()
        exc = self._exc.get(_hcode(run))
        if exc is not None:
            cand = exc
        else:
            vals = self.liang(run)
            cand = tuple(i for i in range(1, n) if vals[i] & 1)
        bad = set()
        if not mode & 32:
            bad.add(1)
        if mode & 8:
            bad.add(2)
        if not mode & 16:
            bad.add(n - 1)
        if mode & 4:
            bad.add(n - 2)
        return tuple(p for p in cand if 0 < p < n and p not in bad)

    def points(self, word: str, mode: int = MAN_HYPHENATION_MODE) -> tuple[int, ...]:
        """Allowed hyphenation points in *word* (character indices, a
        hyphen goes before ``word[i]``) under ``.hy`` *mode*.

        *word* is split into runs of ASCII letters; other characters never
        take part, as with groff's default hyphenation codes.
        """
        if not mode or len(word) < 2:
            return ()
        out: list[int] = []
        for m in _LETTER_RUN.finditer(word):
            s = m.start()
            out.extend(s + p for p in self.letter_points(m.group(), mode))
        return tuple(out)

    def hyphenate(self, word: str, mode: int = MAN_HYPHENATION_MODE, sep: str = "-") -> str:
        pts = self.points(word, mode)
        if not pts:
            return word
        parts = []
        prev = 0
        for p in pts:
            parts.append(word[prev:p])
            prev = p
        parts.append(word[prev:])
        return sep.join(parts)


_LETTER_RUN = re.compile(r"[A-Za-z]+")


def load_patterns(tmac_dir: str | None = None) -> Hyphenator | None:
    """Build a Hyphenator from groff's ``hyphen.us`` + ``hyphenex.us``."""
    d = tmac_dir or find_tmac_dir()
    if d is None:
        return None
    pats: list[str] = []
    excs: list[str] = []
    ok = False
    for name in ("hyphen.us", "hyphenex.us"):
        path = os.path.join(d, name)
        try:
            with open(path, encoding="latin-1") as f:
                text = f.read()
        except OSError:
            continue
        ok = True
        p, e = parse_tex_hyphenation(text)
        pats.extend(p)
        excs.extend(e)
    if not ok or not pats:
        return None
    return Hyphenator(pats, excs)


_lock = threading.Lock()
_default: list = []


def default_hyphenator() -> Hyphenator | None:
    """The process-wide hyphenator from groff's files (loaded on first use);
    None when groff's pattern files are not installed."""
    if not _default:
        with _lock:
            if not _default:
                _default.append(load_patterns())
    return _default[0]
