"""Spelling outside running text: roff comments, C comments of examples, tables, headings."""

from __future__ import annotations

import re

from ...diagnostics import Severity
from ...man import nodes as N
from ..rule import Rule, register
from .prose import accepted_spellings, misspellings, may_hold_listed_word, spelling_fix, suspect_words

# A lowercase word (or a capitalised one) standing on its own: not part of an
# identifier, a path, an option, an escape or an e-mail address.
_WORD = re.compile(r"(?<![\w\\'@/.$%-])([A-Za-z][a-z]{2,})(?![\w\\'@/-]|\.\w)")
_C_COMMENT = re.compile(r"/\*(.*?)(?:\*/|$)|//(.*)$")
_URL = re.compile(r"\b(?:https?|ftp)://\S+|\S+@\S+")


def _may_hold_url(text: str) -> bool:
    # _URL tried at every position is slow; what it matches always has one of these.
    return "@" in text or "://" in text


@register
class MisspellingOutsideProse(Rule):
    """A common misspelling (codespell's dictionary) in a comment, a table or a heading.

    The misspelling rule (PR001) reads only the running text.  Maintainers
    fix typos in the page source too: in roff comments (FIXME notes,
    change logs), in the C comments of example programs and structure
    definitions, in table cells and in section headings.  Only the words
    there that are plain words (not identifiers, paths, URLs or e-mail
    addresses) are looked up; the words the Linux man-pages use on purpose
    (lint/data/spelling-ok.txt) are accepted.
    """
    code, name, severity = "PR004", "misspelling-outside-prose", Severity.WARNING
    message = "{word!r} in {where} may be misspelled: {suggestion}"
    bad = '.\\" FIXME: the folloing is not documented\nText.\n'
    good = '.\\" FIXME: the following is not documented\nText.\n'
    fix = True

    def visit_Document(self, node, ctx):
        table = misspellings()
        if not table:
            return
        accepted = accepted_spellings()
        terms = ctx.terms
        lines = ctx.lines
        own = ctx.source

        def scan(lineno: int, start: int, end: int, where: str, capitals: bool = False):
            raw = lines[lineno - 1]
            for m in _WORD.finditer(raw, start, end):
                word = m.group(1)
                lower = word.lower()
                right = table.get(lower)
                if right is None or lower in accepted or lower in terms or word in terms:
                    continue
                if not (word.islower() or (capitals and word[1:].islower())):
                    continue  # capitalised words in comments are mostly names
                fix = spelling_fix(word, right, lineno, m.start(1), m.end(1))
                ctx.report(self, lineno, m.start(1) + 1, m.end(1) + 1, fix,
                           word=word, where=where, suggestion=right)

        regions: list[tuple[int, int, int, str, bool]] = []
        # roff comments: .\" text, '\" text, and trailing \" comments
        for line, raw, start, _c in ctx.comments():
            if _may_hold_url(raw) and _URL.search(raw, start):
                # keep to the words outside URLs and addresses
                spans, pos = [], start
                for u in _URL.finditer(raw, start):
                    spans.append((pos, u.start()))
                    pos = u.end()
                spans.append((pos, len(raw)))
                for s, e in spans:
                    regions.append((line, s, e, "a comment", False))
                continue
            regions.append((line, start, len(raw), "a comment", False))
        # C comments in code blocks, and table text
        for cls in (N.NoFill, N.Table):
            for block in ctx.of_type(cls):
                if block.source is not own or block.origin is not None:
                    continue
                for ln in range(block.line, min(block.end_line, len(lines)) + 1):
                    raw = lines[ln - 1]
                    if cls is N.Table:
                        if raw[:1] in (".", "'") or "\\\"" in raw:
                            continue
                        pos = 0
                        for cell in raw.split("\t"):
                            if cell.count(" ") >= 2:  # a phrase, not a mnemonic or a value
                                regions.append((ln, pos, pos + len(cell), "a table", False))
                            pos += len(cell) + 1
                    elif raw[:1] not in (".", "'") and ("/*" in raw or "//" in raw):
                        for m in _C_COMMENT.finditer(raw):
                            g = 1 if m.group(1) is not None else 2
                            if not (_may_hold_url(m.group(g)) and _URL.search(m.group(g))):
                                regions.append((ln, m.start(g), m.end(g), "a code comment", True))
        # headings
        for cls in (N.Section, N.Subsection):
            for sec in ctx.of_type(cls):
                if sec.source is own and sec.origin is None and sec.line <= len(lines):
                    raw = lines[sec.line - 1]
                    if raw[:1] in (".", "'") and "\\\"" not in raw:
                        regions.append((sec.line, 3, len(raw), "a heading", True))
        if not regions:
            return
        # One search over all the regions' text rules out most pages: the
        # slices see no context beyond their ends, so they find a superset of
        # the words scan() looks up.
        text = "\0".join(lines[ln - 1][s:e] for ln, s, e, _where, _caps in regions)
        if may_hold_listed_word(text, table) and suspect_words(set(_WORD.findall(text)), table):
            for region in regions:
                scan(*region)
