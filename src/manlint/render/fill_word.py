"""Words and spaces of a pending output line, and where words may break.

A word is a sequence of ``(text, font)`` runs with no breakable space in
it.  Its *raw* text may hold the invisible markers of ``fill_text``; the
printed text has them removed.  Break opportunities inside a word are only
computed for the word that overflows a line (as groff hyphenates only the
last word of a line) and are kept with the fragments of a broken word.
"""

from __future__ import annotations

from .fill_text import (
    BREAK_POINT,
    DASHES,
    INHIBITOR,
    INVISIBLE,
    NO_HYPHEN,
    display_width,
)

_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


class Word:
    """A word on the pending line."""

    __slots__ = ("runs", "width", "breaks")
    is_space = False

    def __init__(self, runs, width, breaks=None):
        self.runs = runs  # list of [text, font]
        self.width = width
        self.breaks = breaks  # None (not computed) or list of (raw_index, hyphen)

    def raw(self) -> str:
        runs = self.runs
        if len(runs) == 1:
            return runs[0][0]
        return "".join(t for t, _ in runs)

    def append(self, text: str, font: str, width: int) -> None:
        runs = self.runs
        if runs and runs[-1][1] == font:
            runs[-1][0] += text
        else:
            runs.append([text, font])
        self.width += width
        self.breaks = None

    def font_at(self, raw_index: int) -> str:
        """Font of the raw character just before *raw_index*."""
        n = 0
        font = self.runs[0][1] if self.runs else "R"
        for text, f in self.runs:
            if n >= raw_index:
                break
            font = f
            n += len(text)
        return font

    def split(self, raw_index: int):
        """Split into (left runs, right Word) at *raw_index*."""
        left = []
        right = []
        n = 0
        for text, font in self.runs:
            ln = len(text)
            if n + ln <= raw_index:
                left.append([text, font])
            elif n >= raw_index:
                right.append([text, font])
            else:
                k = raw_index - n
                left.append([text[:k], font])
                right.append([text[k:], font])
            n += ln
        rw = Word(right, sum(display_width(t) for t, _ in right))
        if self.breaks is not None:
            rw.breaks = [(i - raw_index, h) for i, h in self.breaks if i > raw_index]
        return left, rw


class WordSpace:
    """An ordinary inter-word space: breakable, stretchable, discardable."""

    __slots__ = ("width",)
    is_space = True
    stretch = 1
    breakable = True
    discardable = True
    sentence = False

    def __init__(self, width=1):
        self.width = width


class Space(WordSpace):
    """A horizontal space on the pending line.

    ``stretch`` is 1 for a space that takes part in adjustment, ``breakable``
    tells whether the line may break there (the space is then dropped), and
    ``discardable`` whether it vanishes at the start of a line.
    """

    __slots__ = ("stretch", "breakable", "discardable", "sentence")

    def __init__(self, width, stretch=1, breakable=True, discardable=True, sentence=False):
        self.width = width
        self.stretch = stretch
        self.breakable = breakable
        self.discardable = discardable
        self.sentence = sentence


def _inhibited(raw: str) -> bool:
    """Whether *raw* starts with ``\\%`` (possibly after other markers)."""
    if INHIBITOR in raw:
        return True
    for c in raw:
        if c == NO_HYPHEN:
            return True
        if c not in INVISIBLE:
            return False
    return False


_CACHE: dict = {}


def word_breaks(raw: str, mode: int, hyphenator, inhibit: bool | None = None) -> list:
    """Cached `compute_breaks` (the result must not be modified)."""
    if inhibit is None:
        inhibit = _inhibited(raw)
    key = (raw, mode, inhibit, id(hyphenator))
    hit = _CACHE.get(key)
    if hit is None:
        if len(_CACHE) > 50000:
            _CACHE.clear()
        hit = _CACHE[key] = compute_breaks(raw, mode, hyphenator, inhibit)
    return hit


def compute_breaks(raw: str, mode: int, hyphenator, inhibit: bool | None = None) -> list:
    """Break opportunities inside a word, as ``(raw_index, hyphen)`` pairs.

    ``raw_index`` splits the raw text into ``raw[:i]`` and ``raw[i:]``;
    ``hyphen`` tells whether a hyphen is printed at the end of the first
    part.  Follows groff 1.22.4:

    * ``\\%`` at the word start inhibits hyphenation and dash breaks;
    * ``\\%`` inside the word gives explicit hyphenation points, and then
      the patterns are not used for the word;
    * ``\\:`` always gives a break without hyphen;
    * ``-``, ``\\(hy`` and ``\\(em`` allow a break after them when both
      neighbouring characters are letters;
    * otherwise letter runs are hyphenated by the patterns in *mode*.
    """
    if not raw:
        return []
    # visible characters with their raw indices
    i = 0
    n = len(raw)
    while i < n and raw[i] in INVISIBLE:
        i += 1
    if inhibit is None:
        inhibit = _inhibited(raw)
    vis_idx = []
    vis = []
    explicit = []
    out = []
    for j in range(i, n):
        c = raw[j]
        if c in INVISIBLE:
            if c == BREAK_POINT:
                out.append((j, False))
            elif c == NO_HYPHEN:
                explicit.append(j)
            continue
        vis_idx.append(j)
        vis.append(c)
    nv = len(vis)
    if nv == 0:
        return []
    first = vis_idx[0]
    last = vis_idx[-1]
    out = [(j, h) for j, h in out if first < j <= last]
    if not inhibit:
        for j in explicit:
            if first < j <= last:
                out.append((j, True))
        for k in range(1, nv - 1):
            if vis[k] in DASHES and vis[k - 1] in _LETTERS and vis[k + 1] in _LETTERS:
                out.append((vis_idx[k] + 1, False))
        if not explicit and mode and hyphenator is not None and nv >= 2:
            text = "".join(vis)
            for p in hyphenator.points(text, mode):
                # hyphen goes right before visible char p
                out.append((vis_idx[p - 1] + 1, True))
    if len(out) > 1:
        # one break per position; a plain break beats a hyphenated one
        best = {}
        for j, h in out:
            if j not in best or not h:
                best[j] = h
        out = sorted(best.items())
    return out


__all__ = ["Word", "Space", "WordSpace", "word_breaks", "compute_breaks"]
