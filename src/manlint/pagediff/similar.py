"""How alike two entries are: text ratio, coverage, the terms that name a cause, name likeness."""

from __future__ import annotations

import difflib
import functools
import re

from ..man import nodes as N
from ..man.query import Entry

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2010": "-",
                         "\u2011": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
                         "\u00ad": None})
_WORD = re.compile(r"[A-Za-z0-9_]+(?:[-.'][A-Za-z0-9_]+)*")
_TOKEN = re.compile(r"\S+\s*")
_REPLACE_CHARS = 250_000   # replaced stretches larger than this (in product) count as unmatched
_FONTED = ("B", "I", "BI", "IB", "CB", "CI", "CW", "CR")


_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_CLOSE = re.compile(r" ([,.;:!?)\]])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[]) ")
_BROKEN_HYPHEN = re.compile(r"(\w)- (\w)")


@functools.lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """Text with typographic variants and the spacing around inline macros evened out.

    Cached: the same entry texts are compared against many candidates."""
    text = text.translate(_QUOTES)
    text = _SPACES.sub(" ", text).strip()
    text = _SPACE_BEFORE_CLOSE.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    return _BROKEN_HYPHEN.sub(r"\1-\2", text)


_SINCE = re.compile(r"\(\s*since\s+[^)]*\)", re.IGNORECASE)


def bare_tag(tag: str) -> str:
    """A tag without its "(since ...)" note, normalized."""
    return normalize(_SINCE.sub("", tag))


def figure(x: float) -> str:
    """A similarity with two decimals; never 1.00 for texts that differ."""
    return "0.99" if 0.995 <= x < 1 else f"{x:.2f}"


def words(text: str) -> list[str]:
    return _WORD.findall(normalize(text).lower())


def ratio(a: str, b: str) -> float:
    """difflib's ratio of the normalized texts (of their words, for long texts)."""
    return ratio_normalized(normalize(a), normalize(b))


@functools.lru_cache(maxsize=8192)
def ratio_normalized(a: str, b: str) -> float:
    """difflib's character ratio, computed word by word: words are aligned first, and only the
    stretches of replaced words are compared character by character.  Same figures as a plain
    character SequenceMatcher on prose, a hundred times faster on long entries."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    matched = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            matched += sum(len(t) for t in ta[i1:i2])
        elif op == "replace":
            sa, sb = "".join(ta[i1:i2]), "".join(tb[j1:j2])
            if len(sa) * len(sb) <= _REPLACE_CHARS:
                sm = difflib.SequenceMatcher(None, sa, sb, autojunk=False)
                matched += sum(block.size for block in sm.get_matching_blocks())
    return round(2 * matched / (len(a) + len(b)), 3)


def could_reach(a: str, b: str, threshold: float) -> bool:
    """A cheap upper bound: False when ``ratio(a, b)`` cannot reach ``threshold``."""
    a, b = normalize(a), normalize(b)
    if not a or not b:
        return a == b
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < threshold:
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).quick_ratio() >= threshold


_STOP = frozenset("a an the and or of to in on at by for with is are was were be been it its this "
                  "that as if".split())


def _stem(w: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[:-len(suffix)]
    return w


def content_words(text: str) -> list[str]:
    """Words that carry meaning, crudely stemmed ("clashing" and "clashes" are one word)."""
    return [_stem(w) for w in words(text) if w not in _STOP]


def coverage(a: str, b: str) -> tuple[float, int]:
    """The share of the shorter text's content words found, in order, in the longer one; and
    how many content words the shorter text has."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0, 0
    if len(wa) > len(wb):
        wa, wb = wb, wa
    sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    matched = sum(block.size for block in sm.get_matching_blocks())
    return round(matched / len(wa), 3), len(wa)


_MARKER = re.compile(r"^(?:[*\u2022\u00b7\u2013\u2014+o-]|\(?(?:\d+|[a-zA-Z]|[ivxlcIVXLC]+)[.):]?\)?)$")


def is_marker(tag: str) -> bool:
    """A bullet or a number ("*", "\u2022", "1.", "(2)", "a)"): it orders the list, it names nothing."""
    return bool(_MARKER.match(" ".join(tag.split())))


def name_ratio(a: str, b: str) -> float:
    return round(difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), 3)


def near_name(a: str, b: str) -> float:
    """How alike two names are for "near-duplicate": difflib's ratio, 0 unless they share a
    prefix of at least half the shorter name (MAP_FIXED_SAFE / MAP_FIXED_NOREPLACE)."""
    if a == b:
        return 1.0
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    if k * 2 < min(len(a), len(b)):
        return 0.0
    return name_ratio(a, b)


def terms(entry: Entry) -> set[str]:
    """The bold and italic words of an entry's body: the constants and arguments that name a cause."""
    found: set[str] = set()
    for part in entry.parts:
        for node in part.walk():
            if isinstance(node, N.Text) and node.font in _FONTED:
                found.update(w for w in _WORD.findall(node.plain) if len(w) > 1)
            elif isinstance(node, N.Reference):
                found.add(node.name)
    return found


def distinguishing(names_a: list[str], names_b: list[str]) -> tuple[set[str], set[str]]:
    """The name parts one name has and the other lacks: MAP_FIXED_SAFE / MAP_FIXED_NOREPLACE
    give ({"safe"}, {"noreplace"})."""
    def parts(names):
        return {p.lower() for n in names for p in re.split(r"[_\W]+", n) if len(p) > 1}
    pa, pb = parts(names_a), parts(names_b)
    return pa - pb, pb - pa


def mentions(text: str, own_names: list[str], parts: set[str]) -> bool:
    """Whether the text (its own names left out) uses one of ``parts`` as a word or word start:
    MADV_POPULATE_READ's text says "readable", so READ means something there."""
    for n in own_names:
        text = text.replace(n, " ")
    found = set(words(text))
    return any(w.startswith(p) for p in parts for w in found)


def conflicting(a: set[str], b: set[str]) -> bool:
    """Each side names something the other does not: two causes, not one said twice."""
    return bool(a - b) and bool(b - a)


DUPLICATE = 0.8        # text likeness for "the same entry twice"
COVERED = 0.9          # ... or the share of a shorter restatement's words the other holds
NEAR_NAME = 0.6        # name likeness for "a near-duplicate name"
NEAR_TEXT = 0.7        # ... with this much text likeness
NEAR_WORDS = 8         # ... in texts of at least this many words (not "See madvise(2).")
RENAME_HERE = 0.5      # text likeness for a rename at the same place
RENAME_ANYWHERE = 0.8  # ... or anywhere in the list


def duplicate_check(a: Entry, b: Entry) -> tuple[bool, float, str]:
    """Whether two same-tag entries say the same thing: (verdict, figure, how it was measured).

    Near-identical texts (ratio >= 0.8) are; so is an entry that restates
    the other in fewer words (at least five content words), when the other
    holds >= 90 % of them in the same order.  Never when each names a constant or argument the other does not:
    that is one error code with two causes (as man-pages writes EINVAL).
    """
    r = ratio(a.text, b.text)
    ta, tb = terms(a), terms(b)
    if conflicting(ta, tb):
        only = sorted(ta - tb)[:2] + sorted(tb - ta)[:2]
        return False, r, f"ratio {figure(r)}; different causes (terms {', '.join(only)})"
    cov, size = coverage(a.text, b.text)
    if size >= 5 and cov >= COVERED and cov > r:
        return True, cov, (f"ratio {figure(r)}; {cov:.0%} of the shorter text's words recur "
                           f"in the other, in order")
    return r >= DUPLICATE, r, f"ratio {figure(r)}"
