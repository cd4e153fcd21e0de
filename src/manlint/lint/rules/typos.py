"""Typing slips that no list of common misspellings knows: a word one keystroke from a common English word."""

from __future__ import annotations

import re

from ...diagnostics import Severity
from ...man import nodes as N
from ...spelling import edits1, english_words, known_words
from ...world.vocabulary import manual_vocabulary
from ..rule import Rule, register
from .identifiers import known_page_names
from .prose import accepted_spellings, misspellings

# A lowercase word of four letters or more standing alone in roman prose
# (not part of an identifier, an option, a path or an escape); the second
# part of a hyphenated word counts ("command-liane"), and so does a word
# before "'s" ("the trcer's control").
_WORD = re.compile(r"(?<![\w\\'/.=])(?<!\\-)([a-z]{4,})(?![\w\\/=-]|'(?!s\b)|\.\w)")
# ASCII text with every character but a lowercase letter blanked: split, its
# lowercase letter runs.  Each word _WORD finds is one of them (a whole run).
_LOWERCASE_RUNS = str.maketrans({c: chr(c) if 97 <= c <= 122 else " " for c in range(128)})
# How often a suggestion must occur in pyspellchecker's English frequency list:
# a slip of a common word, not a neighbour in a list of rare ones.
_COMMON = 1000
# A final consonant is doubled before a suffix after one vowel ("stopped",
# "submitted"); "aimmed" is no form of "aim".
_VOWELS = frozenset("aeiou")
_PREFIXES = ("un", "up", "re", "pre", "de", "sub", "super", "non", "multi", "inter", "over", "under",
             "dis", "mis", "co", "auto", "micro", "semi")
_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "able", "ible", "ly", "ness", "ment",
             "ize", "ized", "ise", "ised", "ation", "ations", "ity", "less", "ful", "al", "ally", "ic")


def _first_word(text: str, word: str) -> int:
    """Where ``word`` first stands as a word of its own in ``text`` (-1 if nowhere)."""
    pos = text.find(word)
    while pos >= 0:
        m = _WORD.match(text, pos)  # the look-behind sees the character before pos
        if m is not None and m.end() == pos + len(word):
            return pos
        pos = text.find(word, pos + 1)
    return -1


def _page_words(text: str) -> tuple[set[str], bool]:
    """A set holding every distinct word of ``text`` that ``_WORD`` finds, and
    whether it holds nothing else.

    For ASCII text, the lowercase letter runs: split in C, in half the time of
    the search.  Some are too short, or stand only inside a name or after an
    escape ("bar" of "foo_bar"): _first_word tells, for the few that matter.
    """
    if not text.isascii():
        return set(_WORD.findall(text)), True
    return set(text.translate(_LOWERCASE_RUNS).split()), False


def _uses(page: str, word: str) -> int:
    """How often ``word`` stands as a word in the lowercased ``page`` (at most 2).

    A substring count would take "ithe" for a word the page means because
    "either" holds it.
    """
    found, pos = 0, page.find(word)
    while pos >= 0 and found < 2:
        end = pos + len(word)
        if not (page[pos - 1:pos].isalpha() or page[end:end + 1].isalpha()):
            found += 1
        pos = page.find(word, end)
    return found


def _slip(typed: str, meant: str, at_ends: bool) -> bool:
    """Whether typing ``meant`` could plausibly give ``typed`` (one edit apart).

    Inside a word any slip; at its ends, with ``at_ends``, only a first letter
    lost ("xisted", "ogether") or a stray "i" (vi's insert key pressed in
    insert mode: "ithe", "threadi").  Other edits at the ends make the names
    of other things ("vlimit", "mprobe", "Taylor").
    """
    if typed[:1] == meant[:1] and typed[-1:] == meant[-1:]:
        return True
    if not at_ends:
        return False
    return ((typed == meant[1:] and len(typed) >= 5)
            or (typed[:1] == "i" and typed[1:] == meant) or (typed[-1:] == "i" and typed[:-1] == meant))


# A slip of the manual's jargon is judged on longer words only: short ones are names.
_JARGON_MIN = 6
_PAGE_REF = re.compile(r" ?\(\d").match  # "rdate (1)": a page's name
_LONE_WORD = re.compile(r"\s*[a-z]+\s*$").match  # a line (or comment) that is one word: an entry of a list
# Words of comments must be longer: notes abbreviate ("defn") and use slang ("grok").
_COMMENT_MIN = 5


def _with_comments(ctx, text: str, starts: list[int], spans: list[tuple]):
    """prose_text() with the words of the page's comments appended: notes to
    maintainers are fixed for slips as often as the text.  Left out: the
    lines above .TH (copyright, licence and change log: people's names) and
    lines with an address (e-mail, URL)."""
    parts = [text]
    starts, spans = list(starts), list(spans)
    pos = len(text) + 1
    title = ctx.doc.title.line if ctx.doc.title is not None else 0
    for line, raw, start, comment in ctx.comments():
        if line < title or "@" in raw or "://" in raw:
            continue
        parts.append(raw[start:])
        starts.append(pos)
        spans.append((line, raw, start, comment))
        pos += len(raw) - start + 1
    return "\0".join(parts), starts, spans


def common_words():
    """English words frequent enough to be what a slip meant (a set-like packed table)."""
    return english_words(_COMMON)


def _common_slips(word: str, with_vocabulary: bool) -> list[str]:
    """The common English words one keystroke turns ``word`` into, sorted."""
    common = common_words()
    return sorted({e for e in edits1(word) if e in common and _slip(word, e, with_vocabulary)})


def _known(word: str, words, manwords) -> bool:
    return word in words or word in manwords


def _derived(word: str, words, manwords) -> bool:
    """A prefix or suffix on a known word ("unmaps", "freeable"), or two known words run together.

    ``words`` may be the common words only: then "bocked" (the rare "bock"
    and "-ed") is no derivation, and the slip of "blocked" it is can be told."""
    for p in _PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 3 and _known(word[len(p):], words, manwords):
            return True
    for s in _SUFFIXES:
        if word.endswith(s) and len(word) - len(s) >= 3:
            stem = word[:-len(s)]
            if s == "s" and stem[-1] == "s":
                continue  # a plural made twice ("operationss") is a slip
            if (_known(stem, words, manwords) or _known(stem + "e", words, manwords)
                    or (len(stem) > 3 and stem[-1] == stem[-2] and stem[-3] in _VOWELS
                        and stem[-4] not in _VOWELS and _known(stem[:-1], words, manwords))
                    or (stem.endswith("i") and _known(stem[:-1] + "y", words, manwords))):
                return True
    common = common_words()
    for k in range(3, len(word) - 2):
        head, tail = word[:k], word[k:]
        # A part of three letters must be a common word: the long list has
        # abbreviations and names ("xis" + "ted" is no word run together).
        if ((k > 3 or head in common) and (len(tail) > 3 or tail in common)
                and _known(head, words, manwords) and _known(tail, words, manwords)):
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
    """A word of the text or of a comment is no English word nor a term of the
    manual, and one keystroke gives a common English word ("siuch", "msut",
    "ithe").

    codespell's list (PR001) knows the misspellings people make often; typing
    slips are each made once.  A word counts as known when pyspellchecker's
    English list has it, when the page names it (tags, SYNOPSIS), when it is
    a known word with a prefix or suffix ("unmaps") or two run together
    ("writeout"), and when two or more pages of the installed manual use it
    (world.vocabulary: "tracee", "inode").  The word must also have four
    letters or more (five in a comment), be lowercase roman prose, occur once
    in the page, stand outside a quotation and be the only unknown word on
    its line, which must hold more than that word (a line of unknown words,
    or of one word alone, is a list of names).  The slip keeps the first
    and last letters, except for a lost first letter ("xisted") and a stray
    "i" (vi's insert key: "ithe", "threadi").  A word of six letters or more
    may also be a slip of the manual's own jargon ("biwise" for "bitwise",
    both ends kept), unless the word it would be names a page ("fwopen" is
    no slip of fdopen) or the word names a library ("libpcap").  British
    spellings are left to other checks.  Without an installed manual (no
    vocabulary) comments are not read and the slip must keep both ends.
    """
    code, name, severity = "PR006", "typing-slip", Severity.WARNING
    message = "{word!r} is not a known word; did you mean {suggestion}?"
    bad = "The call fails if the queue is full and msut be retried.\n"
    good = "The call fails if the queue is full and must be retried.\n"

    def __init__(self) -> None:
        super().__init__()
        # Whether a word is unknown, remembered across the pages of a run:
        # the same few thousand words come back on every page.  (Known: also
        # letter runs too short to be words.)
        self._seen_known: set[str] = set()
        self._seen_unknown: set[str] = set()
        self._derived: dict[str, bool] = {}  # word -> whether it is a known word with an affix

    @staticmethod
    def _is_unknown(w: str, words, vocabulary) -> bool:
        # The in-memory sets first, the packed tables (a hash and a bucket scan) last.
        return (w not in accepted_spellings() and w not in words and w not in vocabulary
                and misspellings().get(w) is None)

    def visit_Document(self, node, ctx):
        words = known_words()
        if not words:
            return
        vocabulary = manual_vocabulary()
        text, starts, spans = ctx.prose_text()
        if vocabulary:  # comments hold more jargon than the text: only with the manual's words
            text, starts, spans = _with_comments(ctx, text, starts, spans)
        # Set operations in C over the page's words; only words never seen
        # before in this run are looked up.
        page_words, exact = _page_words(text)
        known, unknown_seen = self._seen_known, self._seen_unknown
        for w in page_words - known - unknown_seen:
            if len(w) < 4:
                known.add(w)  # a letter run too short to be a word: never a slip
            else:
                (unknown_seen if self._is_unknown(w, words, vocabulary) else known).add(w)
        unknown = page_words & unknown_seen
        if not exact and unknown:
            # Letter runs that stand only inside a name are no words of the page.
            unknown = {w for w in unknown if _first_word(text, w) >= 0}
        if not unknown:
            return
        terms = ctx.terms
        # A word the page uses more than once, in any form, is meant (counted as a
        # substring of the lowercased source: a cheap upper bound).
        page = ctx.source.text.lower()
        derived = self._derived
        cands = []
        for w in unknown:
            if w in terms or _uses(page, w) > 1:
                continue
            if w not in derived:
                # Derived from a rare word ("bock" + "-ed") while one keystroke
                # from a common one ("blocked"): the slip is likelier.
                derived[w] = _derived(w, words, terms) and (
                    _derived(w, common_words(), vocabulary or terms) or not _common_slips(w, bool(vocabulary)))
            if not derived[w]:
                cands.append(w)
        reported = []
        for word in cands:
            pos = _first_word(text, word)
            if pos < 0:
                continue  # only inside a longer name or after an escape
            lineno, raw, col, tl = ctx.locate(starts, spans, pos)
            comment = type(tl) is N.Comment
            if comment and len(word) < _COMMENT_MIN:
                continue
            # Where the line's own words start: after the comment's marker.
            text_from = next(start for ln, _r, start, _c in ctx.comments() if ln == lineno) if comment else 0
            if sum(1 for w in _WORD.findall(raw) if w in unknown) > 1 or _LONE_WORD(raw, text_from):
                continue  # a line of two unknown words, or of one word alone, is a list of names
            close = _common_slips(word, bool(vocabulary))
            if not close and vocabulary and len(word) >= _JARGON_MIN and not word.startswith("lib"):
                # A slip of the manual's own jargon ("biwise", "semznt"), unless the
                # meant word names a page ("fwopen" and "fdprintf" are functions of
                # their own) or the word names a library ("libpcap").
                pages = known_page_names(ctx.path)
                first, last = word[0], word[-1]
                close = sorted({e for e in edits1(word) if e[:1] == first and e[-1:] == last
                                and e in vocabulary and e not in pages})
            if not close or _british(word, words):
                continue
            end = col + len(word)
            if raw[end:end + 1] in ("\\", "(") or raw.count('"', text_from, col) % 2 or _PAGE_REF(raw, end):
                continue  # an escape or a page name follows, or a quotation ("data base thang")
            reported.append((lineno, col, end, tl, word, close))
        for lineno, col, end, tl, word, close in sorted(reported, key=lambda f: (f[0], f[1])):
            suggestion = " or ".join(repr(c) for c in close[:3])
            ctx.report(self, lineno, col + 1, end + 1, node=tl, word=word, suggestion=suggestion)
