"""Prose: misspellings (codespell's dictionary), doubled words, preferred terms."""

from __future__ import annotations

import functools
import os
import re
from bisect import bisect_right

from ...diagnostics import Edit, Fix, Severity
from ..datafiles import word_list
from ..rule import Rule, register
from .folding import fold

_WORD = re.compile(r"(?<![\w\\'-])([A-Za-z][a-z]+(?:'[a-z]+)?)(?![\w\\-])")
# Possessive runs (++): a word is never retried shorter, which cannot match anyway.
# (The second word must end there: "foo foo.c" names a file, "two two's-complement" is no slip.)
_DOUBLED = re.compile(r"(?<![\w\\-])([A-Za-z]++)[^\S\n]+\1(?![\w-]|[.']\w)", re.IGNORECASE)
# The last word of a line repeated as the first word of the next (whole
# words between blanks, as split() cuts them; the match is the first one).
_DOUBLED_ACROSS = re.compile(r"(?<![^\s\0])([^\W\d_]++)[^\S\n]*+(?=\n[^\S\n]*\1(?![^\s\0]))")
# Both of the above, case-folded and looser: one search of the lowercased text
# finds every position where either may match (_doubled_matches).
_DOUBLED_CANDIDATE = re.compile(r"(?<!\w)([^\W\d_]++)\s*+\1(?!\w)")
# The same on ASCII text, faster: it starts with the character before the word
# (the text is searched with a space put in front), which C finds with a
# bitmap test, instead of a word boundary tried at every position.
_DOUBLED_CANDIDATE_ASCII = re.compile(r"[^A-Za-z0-9_]([a-z]++)\s++\1\b")
_DOUBLE_OK = {"that", "had", "is", "can", "do", "long", "very", "bye", "ha", "no", "yes", "so",
              "blah", "la", "tsk", "far", "again", "more", "many", "much"}


@functools.lru_cache(maxsize=1)
def misspellings():
    """codespell's main dictionary: wrong -> suggestion(s) (a mapping with ``get``); empty without codespell.

    Parsing the text file costs a tenth of a second, so the table is kept
    packed in the cache directory (manlint.packed), keyed by the
    dictionary's size and modification time.
    """
    import importlib.util

    from ... import packed
    spec = importlib.util.find_spec("codespell_lib")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = os.path.join(list(spec.submodule_search_locations)[0], "data", "dictionary.txt")
    try:
        st = os.stat(path)
    except OSError:
        return {}
    key = f"{path}:{st.st_size}:{st.st_mtime_ns}"
    cache = packed.cache_file("codespell-v2", path)
    table = packed.load(cache, key)
    if table is not None:
        return table
    entries: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                wrong, _sep, right = line.rstrip("\n").partition("->")
                if right:
                    entries[wrong] = (right.rstrip(", ").split(",")[0].strip() if right.count(",") <= 1
                                      else right.rstrip(", "))
    except OSError:
        return {}
    return packed.store(cache, entries, key)


def suspect_words(words: set[str], table) -> set[str]:
    """The words among ``words`` whose lowercase form the misspelling table lists
    (the table remembers what it was asked)."""
    return {word for word in words if table.get(word.lower()) is not None}


# A translation that keeps lowercase ASCII letters and blanks out every other
# byte: a page's letter runs, found in C.
_LETTER_RUNS = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
# Per table: its names as bytes, and those with an apostrophe as text.
_NAME_SETS: dict[int, tuple[frozenset[bytes], frozenset[str]]] = {}
_AFTER_APOSTROPHE = re.compile(r"'[a-z]+")


_PAGES_ASKED = [0]
_PAGES_BEFORE_SETS = 20


def build_name_sets(table) -> bool:
    """Make the name sets of ``table`` (False when it has no names: a plain dict)."""
    names = getattr(table, "names", None)
    if names is None:
        return False
    if id(table) not in _NAME_SETS:
        every = names()  # as bytes: names with other characters never equal a run
        _NAME_SETS[id(table)] = (every, table.names_holding("'"))
    return True


def may_hold_listed_word(text: str, table) -> bool:
    """False when no word the spelling rules look up in ``text`` can be in the table.

    Those words are ASCII letters ("[A-Za-z][a-z]+", perhaps with an
    apostrophe) between characters that are not letters: lowercased, each
    is one of the text's lowercased letter runs, or the letters around one
    of its apostrophes.  Mostly a test in C, and most pages fail it.
    """
    sets = _NAME_SETS.get(id(table))
    if sets is None:
        # Building the sets costs as much as a few dozen pages' plain search:
        # not for a run of a few pages (the parent builds them for workers).
        _PAGES_ASKED[0] += 1
        if _PAGES_ASKED[0] <= _PAGES_BEFORE_SETS or not build_name_sets(table):
            return True
        sets = _NAME_SETS[id(table)]
    plain, apostrophes = sets
    low = text.lower()
    if not plain.isdisjoint(low.encode("ascii", "replace").translate(_LETTER_RUNS).split()):
        return True
    if "'" in low:
        for m in _AFTER_APOSTROPHE.finditer(low):  # a literal first: only apostrophes are visited
            start = m.start()
            while start and "a" <= low[start - 1] <= "z":
                start -= 1
            if low[start:m.end()] in apostrophes:
                return True
    return False


def accepted_spellings() -> frozenset[str]:
    """Words man-pages uses on purpose although codespell lists them (data/spelling-ok.txt)."""
    return word_list("spelling-ok.txt")


def spelling_fix(word: str, right: str, lineno: int, start: int, end: int) -> Fix | None:
    """Replace ``word`` (0-based columns start..end of the line) by codespell's
    suggestion, in the word's capitalisation; None when it offers several."""
    if "," in right:
        return None
    repl = right[0].upper() + right[1:] if word[0].isupper() else right
    return Fix(f"replace with {repl!r}", (Edit(lineno, start + 1, lineno, end + 1, repl),))


@functools.lru_cache(maxsize=1)
def preferred_terms() -> tuple[list[re.Pattern], dict[str, str], tuple[str, ...]]:
    """The checked terms of data/terms.toml: each one's pattern (group ``tN``
    for term N), each one's replacement by group name, and the literal text
    any match of each term contains (its "anchor", or the term itself).

    A term is searched for only on pages that hold its literal text (a
    substring test in C; most pages hold none), and its pattern starts with
    that text, so that re scans for it at C speed: a look-behind in front
    would make re try every position.  The word boundary before a match is
    tested by hand (term_matches).
    """
    path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "terms.toml")
    import tomllib
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    checked = [t for t in data.get("term", []) if not t.get("keep")]
    patterns = [re.compile(rf"(?P<t{k}>{t['pattern']})(?![\w-])") for k, t in enumerate(checked)]
    uses = {f"t{k}": t["use"] for k, t in enumerate(checked)}
    anchors = tuple(t.get("anchor", t["pattern"]) for t in checked)
    return patterns, uses, anchors


_WORD_CHAR = re.compile(r"[\w-]").match


def term_matches(text: str) -> list[re.Match]:
    """The matches of the checked terms in ``text``, in order, none overlapping
    (at one place the term listed first in terms.toml wins)."""
    patterns, _uses, anchors = preferred_terms()
    present = [k for k, a in enumerate(anchors) if a in text]
    if not present:
        return []
    found = sorted(((m.start(), k, m) for k in present for m in patterns[k].finditer(text)
                    if not m.start() or not _WORD_CHAR(text, m.start() - 1)), key=lambda f: (f[0], f[1]))
    kept, end = [], -1
    for start, _k, m in found:
        if start >= end:
            kept.append(m)
            end = m.end()
    return kept


@register
class Misspelling(Rule):
    """A word in running text is a common misspelling (codespell's dictionary).

    Only roman prose is checked: bold and italic words are names, and code
    blocks are code.  Words the Linux man-pages use on purpose although the
    dictionary lists them ("requestor", "bootup") are accepted
    (lint/data/spelling-ok.txt).
    """
    code, name, severity = "PR001", "misspelling", Severity.WARNING
    message = "{word!r} may be misspelled: {suggestion}"
    bad = "The flag is ignored if it is not recieved.\n"
    good = "The flag is ignored if it is not received.\n"
    fix = True

    def visit_Document(self, node, ctx):
        table = misspellings()
        if not table:
            return
        accepted = accepted_spellings()
        text, starts, spans = ctx.prose_text()
        # Look each distinct word up once; most pages have no suspect at all.
        if not may_hold_listed_word(text, table):
            return
        terms = ctx.terms
        suspects = {w for w in suspect_words(set(_WORD.findall(text)), table)
                    if w.lower() not in terms and w.lower() not in accepted}
        if not suspects:
            return
        for m in _WORD.finditer(text):
            word = m.group(1)
            if word not in suspects:
                continue
            lower = word.lower()
            right = table.get(lower)
            lineno, raw, col, tl = ctx.locate(starts, spans, m.start(1))
            end = col + len(word)
            if raw[end:end + 1] in ("\\", "("):
                continue  # "wasn\(aqt", "grap(1)": an escape or a page name follows
            fix = spelling_fix(word, right, lineno, col, end)
            ctx.report(self, lineno, col + 1, end + 1, fix, node=tl, word=word, suggestion=right)


@register
class DoubledWord(Rule):
    """The same word appears twice in a row ("the the").

    Usually a slip when a sentence was edited; it also catches a repetition
    across a line break.
    """
    code, name, severity = "PR002", "doubled-word", Severity.WARNING
    message = "doubled word {word!r}"
    bad = "This is the the flag.\n"
    good = "This is the flag.\n"
    fix = True

    def visit_Document(self, node, ctx):
        # Two scans of the page's text in one call each, not a loop over lines:
        # lines are joined by "\n" where they follow each other and by NUL
        # elsewhere; no pattern matches across a NUL.
        running = ctx.running_text()
        text, starts = ctx.running_joined()
        first = len(ctx.diagnostics)
        inline, across = _doubled_matches(text)
        for m in inline:
            k = bisect_right(starts, m.start()) - 1
            lineno, raw, tl = running[k]
            if "\n" in m.group() or m.group(1).lower() in _DOUBLE_OK:
                continue  # across lines: below
            if raw[:1] in (" ", "\t"):
                continue  # a line set by hand (columns of a table, a diagram): not a sentence
            offset = starts[k]
            start, first_end, end = m.start(1) - offset + 1, m.end(1) - offset + 1, m.end() - offset + 1
            if "\\" in raw:
                # Escapes shift the columns of the decoded text: find the pair in the source.
                found = next((d for d in _DOUBLED.finditer(raw) if d.group(1) == m.group(1)), None)
                if found is None:
                    continue  # the pair is made by an escape (a string, a font change)
                start, first_end, end = found.start(1) + 1, found.end(1) + 1, found.end() + 1
            fix = Fix("delete the repeated word", (Edit(lineno, first_end, lineno, end, ""),))
            ctx.report(self, lineno, start, end, fix, node=tl, word=m.group(1))
        for m in across:
            word = m.group(1)
            if word.lower() in _DOUBLE_OK:
                continue
            lineno, raw, tl = running[bisect_right(starts, m.start()) - 1 + 1]
            ctx.report(self, lineno, 1, len(word) + 1, node=tl, word=word)
        fold(ctx, self, first, 3)  # a page left with many doubled words is fixed in one go


def _doubled_matches(text: str) -> tuple[list[re.Match], list[re.Match]]:
    """What ``_DOUBLED.finditer`` and ``_DOUBLED_ACROSS.finditer`` give on ``text``.

    Each pattern tried at every word costs more than one search for their
    rare candidates in the lowercased text (same positions when lowercasing
    keeps the length); each candidate is then confirmed by the exact
    pattern, skipping those inside the pattern's previous match as finditer does.
    """
    low = text.lower()
    if len(low) != len(text):
        return list(_DOUBLED.finditer(text)), list(_DOUBLED_ACROSS.finditer(text))
    inline: list[re.Match] = []
    across: list[re.Match] = []
    inline_end = across_end = pos = 0
    if low.isascii():
        low, shift, search = " " + low, 1, _DOUBLED_CANDIDATE_ASCII.search
    else:
        shift, search = 0, _DOUBLED_CANDIDATE.search
    while (m := search(low, pos)) is not None:
        at = m.start(1) - shift
        if at >= inline_end and (found := _DOUBLED.match(text, at)) is not None:
            inline.append(found)
            inline_end = found.end()
        if at >= across_end and (found := _DOUBLED_ACROSS.match(text, at)) is not None:
            across.append(found)
            across_end = found.end()
        pos = m.end(1) - shift
    return inline, across


@register
class PreferredTerm(Rule):
    """A word has a spelling or form that man-pages(7) replaces ("pre-existing").

    The list lives in lint/data/terms.toml: man-pages(7)'s preferred terms and
    terms to avoid (nonzero, preexisting, user space, filesystem, e.g.,...).
    """
    code, name, severity = "PR003", "preferred-term", Severity.STYLE
    message = "man-pages(7) prefers {use!r} to {found!r}"
    bad = "It replaces a pre-existing mapping.\n"
    good = "It replaces a preexisting mapping.\n"
    fix = True

    def visit_Document(self, node, ctx):
        _patterns, uses, _anchors = preferred_terms()
        first = len(ctx.diagnostics)
        text, starts, spans = ctx.prose_text()
        for m in term_matches(text):
            use = uses[m.lastgroup]
            lineno, raw, col, tl = ctx.locate(starts, spans, m.start())
            end = col + m.end() - m.start()
            fix = Fix(f"use {use!r}", (Edit(lineno, col + 1, lineno, end + 1, use),))
            ctx.report(self, lineno, col + 1, end + 1, fix, node=tl, use=use, found=m.group(0))
        fold(ctx, self, first, 2)  # a page that writes a term one way does so throughout



# " ,": found by its literal space (a pattern that starts with a look-behind is
# tried at every character of the page); the word before is checked after.
_SPACE_PUNCT = re.compile(r" [,;:]")
# "addition,the": a comma glued to a common short word (lists such as
# "cpu,cpuacct" or "rw,nosuid" glue other words, and stay alone); found by
# the comma, then the word before it is read back.
_COMMA_SHORT_WORD = re.compile(r",(?:the|a|an|and|or|but|which|that|so|if|when|"
                               r"it|this|is|are|with|for|in|on|to)\b(?![,=/.-]\w)")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


def _spaces_before_punctuation(text: str):
    """(start of the spaces, position of the mark) of each run of spaces
    between a word (or ")") and a comma, semicolon or colon that ends a word."""
    for m in _SPACE_PUNCT.finditer(text):
        mark = m.end() - 1
        if mark + 1 < len(text) and text[mark + 1] not in " \0" and text[mark + 1:] != "\n":
            continue
        start = m.start()
        while start > 0 and text[start - 1] == " ":
            start -= 1
        if start > 0 and (text[start - 1] in _LOWER or text[start - 1] == ")"):
            yield start, mark


def _commas_before_short_words(text: str):
    """Positions of the commas glued to a short word, after a lowercase word
    of three letters or more that follows no word, dot, '=', '/', ',' or '-'."""
    end = 0  # where the last find ended: finds do not overlap
    for m in _COMMA_SHORT_WORD.finditer(text):
        comma = m.start()
        start = comma
        while start > 0 and text[start - 1] in _LOWER:
            start -= 1
        if comma - start < 3 or start < end:
            continue
        before = text[start - 1] if start else ""
        if before and (before.isalnum() or before in "_.=/,-"):
            continue
        end = m.end()
        yield comma


@register
class PunctuationSpacing(Rule):
    """A comma, semicolon or colon in running text has a space before it, or a
    comma none after it.

    English puts no space before these marks and one after a comma ("a read
    lease , a write lease", "In addition,the" are slips left by edits).
    Only roman prose is checked: code, tables and marked-up names keep their
    own spacing, and a comma is only missing its space before a common short
    word ("cpu,cpuacct" is a list of names).  Right on maintained text: three
    findings in man-pages 5.13, all slips.
    """
    code, name, severity = "PR005", "punctuation-spacing", Severity.WARNING
    message = "{what}"
    bad = "It returns a read lease , a write lease, or no lease.\nIn addition,the call fails.\n"
    good = "It returns a read lease, a write lease, or no lease.\nIn addition, the call fails.\n"
    fix = True

    def visit_Document(self, node, ctx):
        text, starts, spans = ctx.prose_text()
        for start, mark in _spaces_before_punctuation(text):
            lineno, raw, col, tl = ctx.locate(starts, spans, start)
            if raw[:1] in (" ", "\t") or raw.count('"', 0, col) % 2:
                continue  # a line set by hand, a quotation
            end = col + mark - start
            fix = Fix("delete the space", (Edit(lineno, col + 1, lineno, end + 1, ""),))
            ctx.report(self, lineno, col + 1, end + 2, fix, node=tl, what=f"space before {text[mark]!r}")
        if "," not in text:
            return
        for comma in _commas_before_short_words(text):
            lineno, raw, col, tl = ctx.locate(starts, spans, comma)
            if raw[:1] in (" ", "\t") or raw.count('"', 0, col) % 2:
                continue
            fix = Fix("add a space", (Edit(lineno, col + 2, lineno, col + 2, " "),))
            ctx.report(self, lineno, col + 1, col + 2, fix, node=tl, what="no space after ','")
