"""Rules on physical source lines (man-pages(7) source layout)."""

from __future__ import annotations

import re
from bisect import bisect_right

from ...diagnostics import Edit, Fix, Severity
from ...man.macros import BLOCK_MACROS, FONT_MACROS, NOFILL_CLOSE, NOFILL_OPEN
from ..rule import Rule, register
from .folding import HABIT, fold

# The punctuation first and the character before it checked after: the
# search then skips to the few candidate characters (a leading lookbehind
# would be tried at every position).
_SENTENCE_END = re.compile(r"([.?!])(?<=[a-z0-9)\]\"'][.?!])([\"')\]]*)( +)(?=[A-Z(\"\\])")
_STANDARD_TAG = re.compile(r"\([A-Z0-9]{1,6}\)")
_CODE_LIKE = re.compile(r"[;{}=<>|&$#]|\w\(|^\s*[-+*/%\\\d]|  \S")
_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "cf", "Dr", "Mr", "Mrs", "Ms", "No", "Inc", "Ltd",
                  "approx", "resp", "viz", "al", "Jr", "Sr", "St", "Ph.D", "U.S", "a.k.a", "p", "pp",
                  "Vol", "vol", "Fig", "fig", "ch", "sec", "Sec", "Ch", "Jan", "Feb", "Mar", "Apr",
                  "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"}


@register
class TrailingWhitespace(Rule):
    """A source line ends in spaces or tabs.

    Trailing white space is invisible in the output but shows up in diffs and
    can change the meaning of a line ending in an escape.  Off by default for
    whole pages; "--extend-select MP001" turns it on.
    """
    code, name, severity = "MP001", "trailing-whitespace", Severity.STYLE
    # Invisible in the output and left alone by maintainers in older pages
    # (it almost never is what a fix is about): on for new text via
    # check-patch or "--extend-select MP001", off for whole-tree lint.
    default_enabled = False
    message = "trailing white space"
    bad = "Some text.  \n"
    good = "Some text.\n"
    fix = True

    def check_line(self, ctx, lineno, text):
        if ctx.generated:
            return
        if text and text[-1] in " \t":
            stripped = text.rstrip(" \t")
            if stripped.endswith("\\") and (len(stripped) - len(stripped.rstrip("\\"))) % 2:
                return  # an escaped space at the end is meant
            ctx.report(self, lineno, len(stripped) + 1, len(text) + 1,
                       Fix("remove trailing white space",
                           (Edit(lineno, len(stripped) + 1, lineno, len(text) + 1, ""),)))


_BREAKING = re.compile(r"^[.'][ \t]*(SH|SS|TP|TQ|PP|LP|P|IP|HP|TS|RS|RE|EX|nf)(?:[ \t]|$)")
_AFTER_HEADING = re.compile(r"^[.'][ \t]*(SH|SS|PP|LP|P|TP)(?:[ \t]|$)")


@register
class BlankLine(Rule):
    """An empty source line next to a macro that already breaks the text.

    groff turns a blank line into a line of vertical space, so a blank line
    before .SH, .SS, .PP, .TP, .IP or a table, or right after a heading
    or paragraph macro, adds a stray empty line to the output; man-pages(7)
    has no blank lines at all and lets the macros do the spacing.  (A blank
    line between two paragraphs of text is the same problem, but older pages
    are full of it; this rule keeps to the blank lines that are plainly
    redundant.)
    """
    code, name, severity = "MP002", "blank-line", Severity.WARNING
    message = "blank line {where} .{macro} adds stray space; delete it"
    bad = "First paragraph.\n\n.PP\nSecond paragraph.\n"
    good = "First paragraph.\n.PP\nSecond paragraph.\n"
    fix = True
    lines_matching = re.compile(r"\s*$")

    def start(self, ctx):
        self._first = len(ctx.diagnostics)

    def finish(self, ctx):
        fold(ctx, self, self._first, 5)  # a page written with blank lines throughout: one finding

    def check_line(self, ctx, lineno, text):
        if ctx.generated:
            return
        if text.strip() or lineno in ctx.nofill_lines:
            return
        lines = ctx.lines
        j = lineno
        while j < len(lines) and not lines[j].strip():
            j += 1
        m = _BREAKING.match(lines[j]) if j < len(lines) else None
        where = "before"
        if m is None:
            i = lineno - 2
            while i >= 0 and not lines[i].strip():
                i -= 1
            m = _AFTER_HEADING.match(lines[i]) if i >= 0 else None
            where = "after"
            if m is None:
                return
        if m.group(1) in ("RE", "RS", "EX", "nf") and where == "before":
            return  # .RS and displays add no space: the blank line is the only one (blank-line-paragraph)
        fix = Fix("delete the blank line", (Edit(lineno, 1, lineno + 1, 1, ""),))
        ctx.report(self, lineno, 1, 1, fix, where=where, macro=m.group(1))


@register
class LeadingSpace(Rule):
    """A text line starts with white space.

    In filled text a leading space forces a line break and an indent, which is
    rarely what the author meant.  A run of indented lines, or a line that
    looks like code, is a display set by hand and is left to the rules on
    displays.
    """
    code, name, severity = "MP003", "leading-space", Severity.WARNING
    message = "text line starts with white space (forces a break)"
    bad = " indented text\n"
    good = "indented text\n"
    fix = True
    lines_matching = re.compile(r"[ \t]")

    def start(self, ctx):
        self._first = len(ctx.diagnostics)

    def finish(self, ctx):
        fold(ctx, self, self._first, 2)  # a page that indents text by hand does so throughout

    def check_line(self, ctx, lineno, text):
        if ctx.generated:
            return
        if text[:1] in (" ", "\t") and text.strip() and lineno not in ctx.nofill_lines:
            lines = ctx.lines
            if (lineno > 1 and lines[lineno - 2][:1] in (" ", "\t")) or \
                    (lineno < len(lines) and lines[lineno][:1] in (" ", "\t")):
                return  # a run of indented lines is a hand-made display (code, a table)
            if text[0] == "\t" or _CODE_LIKE.search(text):
                return  # a tab is a deliberate indent; code is a display
            n = len(text) - len(text.lstrip(" \t"))
            fix = None
            if text.lstrip()[:1] not in (".", "'"):
                fix = Fix("remove the leading white space", (Edit(lineno, 1, lineno, n + 1, ""),))
            ctx.report(self, lineno, 1, n + 1, fix)


@register
class LongLine(Rule):
    """A text line is longer than 80 columns.

    man-pages(7) keeps source lines short so that diffs and mail stay readable;
    break long lines at a clause or sentence boundary.  The NAME line is
    exempt (whatis needs it whole), and so is a URL alone on its line.  Generated pages
    (rst2man, pod2man...) are skipped: their layout comes from the generator.
    """
    code, name, severity = "MP004", "line-too-long", Severity.STYLE
    message = "line is {length} columns long (limit 80)"
    bad = "This sentence goes on and on and on, well past the eightieth column of the source.\n"
    good = "This sentence goes on and on and on,\nwell past the eightieth column of the source.\n"
    limit = 80
    lines_matching = re.compile(r".{81}")

    def check_line(self, ctx, lineno, text):
        if ctx.generated:
            return
        if len(text) > self.limit and text[:1] not in (".", "'") and lineno not in ctx.nofill_lines:
            if "\\\"" in text[:self.limit] or lineno in _name_lines(ctx):
                return  # the NAME line must stay one line for whatis
            if "://" in text and " " not in text.strip():
                return  # a URL alone on its line cannot be broken
            ctx.report(self, lineno, self.limit + 1, len(text) + 1, length=len(text))

    def start(self, ctx):
        self._first = len(ctx.diagnostics)

    def finish(self, ctx):
        fold(ctx, self, self._first, HABIT)  # a page written with long lines throughout: one finding


def _name_lines(ctx) -> set[int]:
    def compute():
        section = ctx.section("NAME")
        return set(range(section.line, section.end_line + 1)) if section is not None else set()
    return ctx.cached("name-lines", compute)


@register
class SentenceMidLine(Rule):
    """A new sentence starts in the middle of a source line.

    man-pages(7): start every sentence on a new line, so that groff puts the
    right space after it and diffs show whole sentences.  Generated pages
    are skipped.
    """
    code, name, severity = "MP005", "sentence-mid-line", Severity.WARNING
    message = "new sentence starts mid-line; put it on a new line"
    bad = "The call fails. Nothing is mapped.\n"
    good = "The call fails.\nNothing is mapped.\n"
    fix = True

    def visit_Document(self, node, ctx):
        if ctx.generated:
            return
        first = len(ctx.diagnostics)
        running = ctx.running_text()
        text, starts = ctx.running_joined()
        # One search of the page: no match crosses the "\\n" or NUL between lines.
        for found in _SENTENCE_END.finditer(text):
            k = bisect_right(starts, found.start()) - 1
            lineno, raw, tl = running[k]
            if "\\" in raw:
                continue  # escapes make column arithmetic unreliable; keep to plain lines
            m = _SENTENCE_END.match(raw, found.start() - starts[k])
            if raw.count('"', 0, m.start()) % 2:
                continue  # inside a quoted string: '"." (dot)', 'PS1="What next? "'
            word = raw[:m.start()].rsplit(None, 1)[-1] if raw[:m.start()].split() else ""
            if word.rstrip(".") in _ABBREVIATIONS or word.lstrip("(").rstrip(".") in _ABBREVIATIONS:
                continue
            if (len(word) == 1 and word.isupper()) or (word.isdigit() and len(word) <= 2):
                continue  # an initial ("J. Smith") or a German date ("3. Juli")
            if re.fullmatch(r"[\w.]*\.\w+", word):
                continue  # a dotted name or version: "POSIX.1", "libc.so"
            if _STANDARD_TAG.match(raw, m.end(3)):
                continue  # "... as a 2-digit integer. (SU)": a note on the sentence, not a new one
            start = m.start(3) + 1
            end = m.end(3) + 1
            fix = Fix("start the sentence on a new line", (Edit(lineno, start, lineno, end, "\n"),))
            ctx.report(self, lineno, start, end, fix, node=tl)
        fold(ctx, self, first, HABIT)  # a page written two sentences a line throughout: one finding


_FONT_MACRO_LINE = re.compile(r"\.(?:[BI]|[BIR][BIR])\s+\S")


@register
class LostPeriod(Rule):
    """A line holds only a period after a line of text: the period is lost.

    roff reads a line that starts with "." as a request, and "." alone is
    an empty one that prints nothing, so the sentence ends without its
    period: ".I cookie" then "." was meant as ".IR cookie .".  Only a line
    after text or a font macro is reported; after text, the fix moves the
    period onto the line before (after a font macro, the macro must change).
    """
    code, name, severity = "MP046", "lost-period", Severity.WARNING
    message = "a line of only '.' is an empty request and prints nothing; the period is lost"
    bad = "The call returns the cookie\n.\n"
    good = "The call returns the cookie.\n"
    fix = True
    lines_matching = re.compile(r"\.[ \t]*$")  # a line of only a period: an empty request

    def check_line(self, ctx, lineno, text):
        if ctx.generated or lineno < 2 or not self.lines_matching.match(text):
            return
        before = ctx.lines[lineno - 2]
        if not before.strip() or before.endswith("\\"):
            return
        if before[:1] in (".", "'") and not _FONT_MACRO_LINE.match(before):
            return  # after a request or a comment an empty request is only a spacer
        fix = None
        if before[:1] not in (".", "'") and not before.rstrip().endswith((".", "\\c")):
            end = len(before.rstrip())
            fix = Fix("put the period at the end of the line before",
                      (Edit(lineno - 1, end + 1, lineno, len(text) + 1, "."),))
        ctx.report(self, lineno, 1, len(text) + 1, fix)


# Macros and requests a page calls at the start of a line; after a comma or a
# semicolon (the keys next to the period and the apostrophe) they were meant
# as a control line.
_CALLED = frozenset(
    set(FONT_MACROS) | BLOCK_MACROS | set(NOFILL_OPEN) | set(NOFILL_CLOSE)
    | {"SH", "SS", "TH", "RS", "RE", "UR", "UE", "MT", "ME", "SY", "YS", "OP", "MR", "PD",
       "br", "sp", "in", "ad", "na", "ti", "ft", "ne", "nh", "hy"})


@register
class MistypedControlCharacter(Rule):
    """A text line starts with a comma or a semicolon and a macro name.

    ",I errno" or ",in" was meant as ".I errno" or ".in": the key next to the
    period was hit, and the line is printed as text, name and all.
    """
    code, name, severity = "MN012", "mistyped-control-character", Severity.WARNING
    message = "{found!r} starts a text line; the macro call wants a period ({wanted!r})"
    bad = "The value is stored in\n,I errno .\n"
    good = "The value is stored in\n.I errno .\n"
    fix = True
    lines_matching = re.compile(r"[,;][A-Za-z]{1,2}(?:[ \t]|$)")

    def check_line(self, ctx, lineno, text):
        name = text[1:].split(None, 1)[0] if len(text) > 1 else ""
        if name not in _CALLED or lineno in ctx.nofill_lines:
            return
        fix = Fix("write a period", (Edit(lineno, 1, lineno, 2, "."),))
        ctx.report(self, lineno, 1, 2 + len(name), fix, found=text[:1 + len(name)],
                   wanted="." + name)


_INNER_SPACES = re.compile(r"(?<=[\w,])  +(?=[\w(\\])")


@register
class DoubleSpace(Rule):
    """Two spaces or more between the words of a sentence.

    In filled text groff keeps every space of the source, so a doubled space
    inside a sentence prints as a gap ("return \\-1  on failure").  After a
    sentence's period two spaces were the old habit of many pages, and
    sentence-mid-line (MP005) is about those lines; code in no-fill blocks
    and lines indented by hand are left alone.  Off for whole pages (older
    pages keep such gaps for years); check-patch reports the ones a patch
    adds, and "--extend-select MP052" turns it on.
    """
    code, name, severity = "MP052", "double-space", Severity.STYLE
    default_enabled = False  # check-patch applies it to new text
    message = "two spaces between words print as a gap; write one"
    bad = "Both functions return \\-1  on failure.\n"
    good = "Both functions return \\-1 on failure.\n"
    fix = True
    lines_matching = re.compile(r"[^.'\s\n][^\n]*?[\w,]  ")

    def start(self, ctx):
        self._first = len(ctx.diagnostics)

    def check_line(self, ctx, lineno, text):
        if lineno in ctx.nofill_lines or '\\"' in text:
            return
        for m in _INNER_SPACES.finditer(text):
            col = m.start() + 1
            fix = Fix("one space", (Edit(lineno, col, lineno, m.end() + 1, " "),))
            ctx.report(self, lineno, col, m.end() + 1, fix)

    def finish(self, ctx):
        fold(ctx, self, self._first, HABIT)  # a page spaced by hand throughout: one finding
