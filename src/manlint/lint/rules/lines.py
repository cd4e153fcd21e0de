"""Rules on physical source lines (man-pages(7) source layout)."""

from __future__ import annotations

import re

from ...diagnostics import Edit, Fix, Severity
from ..rule import Rule, register

_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]\"'])([.?!])([\"')\]]*)( +)(?=[A-Z(\"\\])")
_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "cf", "Dr", "Mr", "Mrs", "Ms", "No", "Inc", "Ltd",
                  "approx", "resp", "viz", "al", "Jr", "Sr", "St", "Ph.D", "U.S", "a.k.a", "p", "pp",
                  "Vol", "vol", "Fig", "fig", "ch", "sec", "Sec", "Ch", "Jan", "Feb", "Mar", "Apr",
                  "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"}


@register
class TrailingWhitespace(Rule):
    """A source line ends in spaces or tabs.

    Trailing white space is invisible in the output but shows up in diffs and
    can change the meaning of a line ending in an escape.
    """
    code, name, severity = "MP001", "trailing-whitespace", Severity.STYLE
    message = "trailing white space"
    bad = "Some text.  \n"
    good = "Some text.\n"
    fix = True

    def check_line(self, ctx, lineno, text):
        if text and text[-1] in " \t":
            stripped = text.rstrip(" \t")
            if stripped.endswith("\\") and (len(stripped) - len(stripped.rstrip("\\"))) % 2:
                return  # an escaped space at the end is meant
            ctx.report(self, lineno, len(stripped) + 1, len(text) + 1,
                       Fix("remove trailing white space",
                           (Edit(lineno, len(stripped) + 1, lineno, len(text) + 1, ""),)))


@register
class BlankLine(Rule):
    """An empty source line in filled text.

    groff turns a blank line into a vertical space, mandoc warns about it, and
    man-pages(7) wants paragraphs separated with .PP instead.
    """
    code, name, severity = "MP002", "blank-line", Severity.WARNING
    message = "blank line in filled text; use .PP between paragraphs"
    bad = "First paragraph.\n\nSecond paragraph.\n"
    good = "First paragraph.\n.PP\nSecond paragraph.\n"

    def check_line(self, ctx, lineno, text):
        if not text.strip() and lineno not in ctx.nofill_lines:
            ctx.report(self, lineno, 1)


@register
class LeadingSpace(Rule):
    """A text line starts with white space.

    In filled text a leading space forces a line break and an indent, which is
    rarely what the author meant.
    """
    code, name, severity = "MP003", "leading-space", Severity.WARNING
    message = "text line starts with white space (forces a break)"
    bad = " indented text\n"
    good = "indented text\n"
    fix = True

    def check_line(self, ctx, lineno, text):
        if text[:1] in (" ", "\t") and text.strip() and lineno not in ctx.nofill_lines:
            n = len(text) - len(text.lstrip(" \t"))
            fix = None
            if text.lstrip()[:1] not in (".", "'"):
                fix = Fix("remove the leading white space", (Edit(lineno, 1, lineno, n + 1, ""),))
            ctx.report(self, lineno, 1, n + 1, fix)


@register
class LongLine(Rule):
    """A text line is longer than 80 columns.

    man-pages(7) keeps source lines short so that diffs and mail stay readable;
    break long lines at a clause or sentence boundary.
    """
    code, name, severity = "MP004", "line-too-long", Severity.STYLE
    message = "line is {length} columns long (limit 80)"
    bad = "This sentence goes on and on and on, well past the eightieth column of the source.\n"
    good = "This sentence goes on and on and on,\nwell past the eightieth column of the source.\n"
    limit = 80

    def check_line(self, ctx, lineno, text):
        if len(text) > self.limit and text[:1] not in (".", "'") and lineno not in ctx.nofill_lines:
            if "\\\"" in text[:self.limit]:
                return
            ctx.report(self, lineno, self.limit + 1, len(text) + 1, length=len(text))


@register
class SentenceMidLine(Rule):
    """A new sentence starts in the middle of a source line.

    man-pages(7): start every sentence on a new line, so that groff puts the
    right space after it and diffs show whole sentences.
    """
    code, name, severity = "MP005", "sentence-mid-line", Severity.WARNING
    message = "new sentence starts mid-line; put it on a new line"
    bad = "The call fails. Nothing is mapped.\n"
    good = "The call fails.\nNothing is mapped.\n"
    fix = True

    def visit_Document(self, node, ctx):
        for lineno, raw, tl in ctx.running_text():
            if "\\" in raw:
                continue  # escapes make column arithmetic unreliable; keep to plain lines
            for m in _SENTENCE_END.finditer(raw):
                word = raw[:m.start()].rsplit(None, 1)[-1] if raw[:m.start()].split() else ""
                if word.rstrip(".") in _ABBREVIATIONS or word.lstrip("(").rstrip(".") in _ABBREVIATIONS:
                    continue
                if len(word) == 1 and word.isupper():
                    continue  # an initial: "J. Smith"
                if re.fullmatch(r"[\w.]*\.\w+", word):
                    continue  # a dotted name or version: "POSIX.1", "libc.so"
                start = m.start(3) + 1
                end = m.end(3) + 1
                fix = Fix("start the sentence on a new line", (Edit(lineno, start, lineno, end, "\n"),))
                ctx.report(self, lineno, start, end, fix, node=tl)
