"""Parentheses in running text: those that do not pair up within a paragraph, and a sentence's period left inside an aside."""

from __future__ import annotations

import re

from ...diagnostics import Edit, Fix, Severity
from ...man import nodes as N
from ..rule import Rule, register
from .folding import HABIT, fold

# What looks like a parenthesis but is none: a smiley, a quoted character
# ("'('"), a roff escape that a page about roff shows ("\(em", "\*(lq", "\n(xx"),
# a control character in caret notation ("ESC (0x1B, ^[)").
_NOT_PAREN = re.compile(r"""[:;]-\)|['"`][()\[\]]['"`]|\\[*nf$]?\(|\^[\[\]]""")
# A parenthesis standing alone between words ("ESC ( B", "the ( flag") is a
# character named, unless one of the same kind pairs with it ("( 25 )").
_ALONE = re.compile(r"(?:^|(?<=\S\s))([()\[\]])(?=\s\S)")
_PARTNER = {"(": ")", "[": "]", ")": "(", "]": "["}
# A list label ("1)", "b)", "iv)" standing as a word): no parenthesis when none is open.
_LABEL = re.compile(r"(?:\d{1,2}|[A-Za-z]|[ivx]{2,4})$")
_CODE_BRACKETS = re.compile(r"[\[\]]|\\[()]")
_PARENS = re.compile(r"[()\[\]]")


def _line_text(node) -> str:
    """The line's text, square brackets kept only in roman (an interval's
    "[0, 1)"): in bold and italic they are syntax ("[!a-]", "[options]"), as
    are escaped parentheses (the regular expression "\\(b\\)")."""
    return "".join(c.plain if type(c) is N.Reference or c.font == "R" else _CODE_BRACKETS.sub("_", c.plain)
                   for c in node.children if type(c) in (N.Text, N.Reference))


def _column(raw: str, char: str, nth: int, plain_count: int) -> int:
    """1-based column of the nth ``char`` of the line when the source shows
    the same number of them as the text; else the line's start."""
    if raw.count(char) != plain_count:
        return 1
    pos = -1
    for _ in range(nth + 1):
        pos = raw.find(char, pos + 1)
    return pos + 1


@register
class UnbalancedParenthesis(Rule):
    """A parenthesis in running text opens and is never closed, or closes one that never opened.

    An aside that was edited loses its closing parenthesis (".BR longjmp ()."
    where ".BR longjmp ())." was meant) or keeps one too many ("(see
    below))").  Parentheses are paired within a paragraph (or a list entry's
    tag, or its body), in every font; an aside left open at a paragraph's end
    may close in a later paragraph of the same section.  No-fill blocks,
    tables and SYNOPSIS are code and are not read, nor are generated pages.
    Not parentheses: list labels ("1)", "b)"), smileys, quoted characters
    ("'('"), a parenthesis standing alone between words ("ESC ( B"), roff
    escape names shown in the text ("\\(em"), and escaped ones in bold or
    italic (the regular expression "\\(b\\)").  A square bracket in roman
    text may pair with a parenthesis (the interval "[0, 1)").  A page with
    more than three findings gets one, with the count.
    """
    code, name, severity = "PR007", "unbalanced-parenthesis", Severity.WARNING
    message = "{problem}"
    bad = ("The call fails (see\n"
           ".BR errno (3).\n")
    good = ("The call fails (see\n"
            ".BR errno (3)).\n")

    def visit_Document(self, node, ctx):
        if ctx.generated:
            return  # a generated page is fixed in its generator's input
        nofill, source = ctx.nofill_lines, ctx.source
        # Only lines with a parenthesis in the source take part (most have none);
        # lines a page macro expands to count too: their parentheses pair with the page's.
        with_parens = {k for k, raw in enumerate(ctx.lines, 1) if "(" in raw or ")" in raw}
        lines = [n for cls in (N.TextLine, N.FontMacro) for n in ctx.of_type(cls)
                 if (n.line in with_parens or n.origin is not None) and n.source is source
                 and n.line not in nofill]
        if not lines:
            return
        synopsis = ctx.section("SYNOPSIS")
        lines.sort(key=lambda n: n.line)
        groups: dict[int, tuple] = {}  # the paragraph's id: (paragraph, its lines)
        for n in lines:
            parent = n.parent
            while type(parent) is N.Link:  # ".UR ... .UE )": the link is part of its paragraph
                parent = parent.parent
            groups.setdefault(id(parent), (parent, []))[1].append(n)
        # An aside may run over a paragraph break ("(Similar problems ...
        # .PP ... list.)"): what stays open is carried to the next paragraphs
        # of the same section, and reported when the section ends.
        first = len(ctx.diagnostics)
        opened: list[tuple] = []
        section = None
        source_lines = ctx.lines
        for parent, group in groups.values():
            if not opened:
                # Most paragraphs pair their parentheses plainly: counted in the
                # source at C speed, they need no closer look.
                raw = "".join([source_lines[n.line - 1] for n in group])
                if "\\" in raw:
                    raw = _ESCAPE_NAME.sub("", raw)  # "\(em" holds no parenthesis of the text
                if raw.count("(") == raw.count(")") and "[" not in raw and "]" not in raw \
                        and _pairs_plainly(raw):
                    continue
            if type(parent) in (N.TableCell, N.Document) or (synopsis is not None and _inside(parent, synopsis)):
                continue
            here = _section_of(parent)
            if here is not section:
                self._report_open(opened, ctx)
                opened, section = [], here
            self._pair(group, opened, ctx)
        self._report_open(opened, ctx)
        # A page that drops closing parentheses again and again (an aside
        # copied from entry to entry) is one finding, with the count.
        fold(ctx, self, first, HABIT)

    def _pair(self, group, opened: list[tuple], ctx):
        """Pair the group's parentheses, pushing what opens onto ``opened``
        (char, node, nth of that char on its line, count on the line)."""
        for n in group:
            text = _line_text(n)
            if "(" not in text and ")" not in text:
                continue
            text = _NOT_PAREN.sub(lambda m: " " * len(m.group()), text)
            text = _ALONE.sub(_named_character, text)
            counts = {"(": text.count("("), ")": text.count(")")}
            seen = {"(": 0, ")": 0, "[": 0, "]": 0}
            for m in _PARENS.finditer(text):
                ch = m.group()
                nth = seen[ch]
                seen[ch] += 1
                if ch in "([":
                    opened.append((ch, n, nth, counts.get(ch, 0)))
                elif opened and (ch == ")" or opened[-1][0] == "["):
                    opened.pop()  # ")" closes a "[" too: the interval "[0, 1)"
                elif ch == "]":
                    continue  # no "[" open: a character ("`[!]a-]'")
                elif ch == ")" and n.origin is None and not _is_label(text, m.start()):
                    raw = ctx.lines[n.line - 1]
                    ctx.report(self, n.line, _column(raw, ")", nth, counts[")"]), node=n,
                               problem="')' closes no '(' of this paragraph")

    def _report_open(self, opened: list[tuple], ctx):
        for ch, n, nth, count in opened:
            if ch == "(" and n.origin is None:
                raw = ctx.lines[n.line - 1]
                ctx.report(self, n.line, _column(raw, "(", nth, count), node=n,
                           problem="'(' is not closed in this paragraph")


# What a "(" in the source can belong to besides the text: a two-character
# escape name ("\(em", "\*(lq", "\f(CW").  "\e" and "\\" go first: "\e(" is
# a backslash and a real parenthesis.
_ESCAPE_NAME = re.compile(r"\\e|\\\\|\\[*nfFgkmMVY]?\(..")
_INNERMOST = re.compile(r"\([^()]*\)")


def _pairs_plainly(raw: str) -> bool:
    """Whether removing innermost "(...)" pairs again and again leaves no parenthesis."""
    while True:
        stripped = _INNERMOST.sub("", raw)
        if stripped == raw:
            return "(" not in raw and ")" not in raw
        raw = stripped


def _named_character(m) -> str:
    """A blank for a lone parenthesis that no lone one of the other kind answers on its line."""
    text, at, ch = m.string, m.start(1), m.group(1)
    if ch in "([":
        paired = " " + _PARTNER[ch] in text[at:]
    else:
        paired = _PARTNER[ch] + " " in text[:at]
    return m.group() if paired else " "


def _is_label(text: str, end: int) -> bool:
    label = _LABEL.search(text, 0, end)
    return label is not None and (label.start() == 0 or text[label.start() - 1].isspace())


def _section_of(node):
    while node is not None and type(node) not in (N.Section, N.Document):
        node = node.parent
    return node


def _inside(node, ancestor) -> bool:
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False


# "... cpuset (see below.)": an aside that opens inside a sentence (after a
# lowercase word or a comma) and ends its line with a period of its own,
# where the sentence's period belongs after the parenthesis.  Abbreviations
# ending the aside keep theirs ("(pipes, FIFOs, etc.)").  Matched from each
# ".)" backwards: a pattern that starts with a look-behind would make re try
# every position of the page.
_ABBREVIATION_END = re.compile(r"\b(?:etc|al|e\.g|i\.e|vs|approx|ca)$")
_ASIDE_MAX = 60


def _asides_ending_with_period(text: str):
    """(start of the "(", position of the ".") of each such aside in ``text``."""
    at = text.find(".)")
    while at >= 0:
        opening = text.rfind("(", max(0, at - _ASIDE_MAX - 1), at)
        inner = text[opening + 1:at] if opening >= 0 else ""
        after = at + 2
        while after < len(text) and text[after] in " \t":
            after += 1
        if (opening >= 2 and inner and ")" not in inner and "\0" not in inner
                and text[opening - 1] == " " and text[opening - 2] in _LOWER_OR_COMMA
                and inner[-1].islower() and inner[-1].isascii() and not _ABBREVIATION_END.search(inner)
                and (after == len(text) or text[after] == "\0")):
            yield opening, at
        at = text.find(".)", at + 2)


_LOWER_OR_COMMA = frozenset("abcdefghijklmnopqrstuvwxyz,")


@register
class PeriodInsideAside(Rule):
    """An aside in the middle of a sentence ends with a period inside its parentheses.

    "The cpuset is a hardwall cpuset (see below.)": the aside is part of
    the sentence, so the sentence's period goes after the closing
    parenthesis.  A parenthesis that holds a sentence of its own starts
    after a period and keeps its period inside; an abbreviation that ends
    the aside ("etc.") keeps its own.  The fix moves the period out.
    """
    code, name, severity = "PR008", "period-inside-aside", Severity.WARNING
    message = "the sentence's period belongs after the parenthesis: '{aside}.'"
    bad = "The cpuset is a hardwall cpuset (see below.)\n"
    good = "The cpuset is a hardwall cpuset (see below).\n"
    fix = True

    def visit_Document(self, node, ctx):
        text, starts, spans = ctx.prose_text()
        if ".)" not in text:
            return
        for opening, period in _asides_ending_with_period(text):
            lineno, raw, col, tl = ctx.locate(starts, spans, period)
            if raw[col:col + 2] != ".)":
                continue  # an escape between: the columns do not map
            fix = Fix("move the period after the parenthesis", (Edit(lineno, col + 1, lineno, col + 3, ")."),))
            ctx.report(self, lineno, col + 1, col + 3, fix, node=tl, aside=text[opening:period] + ")")
