"""Typing slips that no list of common misspellings knows: a word one keystroke from a common English word."""

from __future__ import annotations

import re

from ...diagnostics import Severity
from ...spelling import _edits1, english_words, known_words
from ..rule import Rule, register
from .prose import accepted_spellings, misspellings

# A lowercase word of four letters or more standing alone in roman prose
# (not part of an identifier, an option, a path or an escape).
_WORD = re.compile(r"(?<![\w\\'/.-])([a-z]{4,})(?![\w\\'/-]|\.\w)")
_SHAPE = re.compile(r"[a-z]{4,}$").match
# How often a suggestion must occur in pyspellchecker's English frequency list:
# a slip of a common word, not a neighbour in a list of rare ones.
_COMMON = 1000
_PREFIXES = ("un", "up", "re", "pre", "de", "sub", "super", "non", "multi", "inter", "over", "under",
             "dis", "mis", "co", "auto", "micro", "semi")
_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "able", "ible", "ly", "ness", "ment",
             "ize", "ized", "ise", "ised", "ation", "ations", "ity", "less", "ful", "al", "ally", "ic")


def common_words():
    """English words frequent enough to be what a slip meant (a set-like packed table)."""
    return english_words(_COMMON)


def _known(word: str, words, manwords) -> bool:
    return word in words or word in manwords


def _derived(word: str, words, manwords) -> bool:
    """A prefix or suffix on a known word ("unmaps", "freeable"), or two known words run together."""
    for p in _PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 3 and _known(word[len(p):], words, manwords):
            return True
    for s in _SUFFIXES:
        if word.endswith(s) and len(word) - len(s) >= 3:
            stem = word[:-len(s)]
            if (_known(stem, words, manwords) or _known(stem + "e", words, manwords)
                    or (len(stem) > 3 and stem[-1] == stem[-2] and _known(stem[:-1], words, manwords))
                    or (stem.endswith("i") and _known(stem[:-1] + "y", words, manwords))):
                return True
    for k in range(3, len(word) - 2):
        if _known(word[:k], words, manwords) and _known(word[k:], words, manwords):
            return True
    return False


_BRITISH = ((re.compile(r"our(?=s?$|ed$|ing$|able$)"), "or"), (re.compile(r"is(?=e[sd]?$|ing$|ations?$)"), "iz"),
            (re.compile(r"ys(?=e[sd]?$|ing$)"), "yz"), (re.compile(r"re(?=s?$)"), "er"),
            (re.compile(r"ll(?=ed$|ing$|er$)"), "l"))


def _british(word: str, known) -> bool:
    """colour/color, synchronise/synchronize, analysing/analyzing, fibre/fiber,
    travelled/traveled: a spelling, not a slip."""
    for pattern, us in _BRITISH:
        american = pattern.sub(us, word, count=1)
        if american != word and american in known:
            return True
    return False


@register
class TypingSlip(Rule):
    """A word in running text is no English word nor a term of the Linux man-pages,
    and one keystroke (a letter dropped, added, changed or swapped) inside it
    gives a common English word ("siuch", "msut", "quueue").

    codespell's list (PR001) knows the misspellings people make often; typing
    slips are each made once.  To stay quiet on jargon the word must: be in
    lowercase roman prose, have four letters or more, occur only once in the
    page, be no word of pyspellchecker's English list nor a name of the
    page (its tags and SYNOPSIS), not be a known word with a prefix or suffix ("unmaps") or two known words run
    together ("writeout"), be outside a quotation, and be the only such word
    on its line (a line of unknown words is a list of names).  The slip must keep the first and last
    letters, and British spellings are left to other checks.  Off by
    default ("--extend-select PR006"): without a vocabulary of the manual's
    own jargon it also questions rare technical words.
    """
    code, name, severity = "PR006", "typing-slip", Severity.WARNING
    default_enabled = False
    message = "{word!r} is not a known word; did you mean {suggestion}?"
    bad = "The call fails if the queue is full and msut be retried.\n"
    good = "The call fails if the queue is full and must be retried.\n"

    def __init__(self) -> None:
        super().__init__()
        # Whether a word is unknown, remembered across the pages of a run:
        # the same few thousand words come back on every page.
        self._seen_known: set[str] = set()
        self._seen_unknown: set[str] = set()

    @staticmethod
    def _is_unknown(w: str, words) -> bool:
        # The in-memory sets first, the packed tables (a hash and a bucket scan) last.
        return (w not in accepted_spellings()
                and w not in words and misspellings().get(w) is None)

    def visit_Document(self, node, ctx):
        words = known_words()
        if not words:
            return
        text, starts, spans = ctx.prose_text()
        # Set operations in C over the page's words; only words never seen
        # before in this run are looked up.
        page_words = set(_WORD.findall(text))
        known, unknown_seen = self._seen_known, self._seen_unknown
        for w in page_words - known - unknown_seen:
            (unknown_seen if _SHAPE(w) and self._is_unknown(w, words) else known).add(w)
        cands = page_words & unknown_seen
        if not cands:
            return
        unknown = cands
        terms = ctx.terms
        cands = {w for w in cands if w not in terms}
        if not cands:
            return
        # A word the page uses more than once, in any form, is meant (counted as a
        # substring of the lowercased source: a cheap upper bound).
        page = ctx.source.text.lower()
        counts = {w: page.count(w) for w in cands}
        manwords = ctx.terms  # the page's own names count as words too
        cands = {w for w in cands if counts.get(w, 0) <= 1 and not _derived(w, words, manwords)}
        if not cands:
            return
        common = common_words()
        found = []
        per_line: dict[int, int] = {}
        # Only the unknown words are looked for again (found by str.find, not
        # by walking every word of the page in Python).
        for word in unknown:
            pos = text.find(word)
            while pos >= 0:
                nxt = pos + len(word)
                m = _WORD.match(text, pos)  # the look-behind sees the character before pos
                if m is not None and m.end() == nxt:
                    lineno, raw, col, tl = ctx.locate(starts, spans, pos)
                    per_line[lineno] = per_line.get(lineno, 0) + 1
                    if word in cands:
                        found.append((lineno, col, word, tl))
                pos = text.find(word, nxt)
        reported = []
        for lineno, col, word, tl in found:
            if per_line[lineno] > 1:
                continue  # a line holding two unknown words is a list of names, not prose with a slip
            close = sorted({e for e in _edits1(word)
                            if e in common and e[:1] == word[:1] and e[-1:] == word[-1:]})
            if not close or _british(word, words):
                continue
            end = col + len(word)
            raw = ctx.lines[lineno - 1]
            if raw[end:end + 1] in ("\\", "(") or raw.count('"', 0, col) % 2:
                continue  # an escape or a page name follows, or a quotation ("data base thang")
            reported.append((lineno, col, end, tl, word, close))
        for lineno, col, end, tl, word, close in sorted(reported, key=lambda f: (f[0], f[1])):
            suggestion = " or ".join(repr(c) for c in close[:3])
            ctx.report(self, lineno, col + 1, end + 1, node=tl, word=word, suggestion=suggestion)
