"""Page structure in the man-pages(7) house style: paragraphs, sections, lists, .TH."""

from __future__ import annotations

import datetime
import os
import re

from ...diagnostics import Edit, Fix, Severity
from ...man import nodes as N
from ...man.query import tagged_lists
from ...spelling import NAME_CHARS, edits1
from ..rule import Rule, register
from .folding import fold

SECTION_ORDER = ["NAME", "LIBRARY", "SYNOPSIS", "CONFIGURATION", "DESCRIPTION", "OPTIONS",
                 "EXIT STATUS", "RETURN VALUE", "ERRORS", "ENVIRONMENT", "FILES", "VERSIONS",
                 "ATTRIBUTES", "CONFORMING TO", "STANDARDS", "HISTORY", "NOTES", "CAVEATS", "BUGS",
                 "EXAMPLES", "EXAMPLE", "AUTHORS", "AUTHOR", "REPORTING BUGS", "COPYRIGHT", "SEE ALSO",
                 "COLOPHON"]
_RANK = {name: k for k, name in enumerate(SECTION_ORDER)}
_RANK["EXAMPLE"] = _RANK["EXAMPLES"]
_RANK["STANDARDS"] = _RANK["CONFORMING TO"]
_RANK["AUTHOR"] = _RANK["AUTHORS"]
_SINCE_FORMS = re.compile(r"\((?P<word>[Ss]ince|[Bb]efore|[Uu]ntil|[Ff]rom)\s+(?P<what>[^)]*)\)")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _real_date(text: str) -> bool:
    """Whether a YYYY-MM-DD date names a day ("2005-20-13" does not)."""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _delete_line_fix(ctx, node, title):
    if not ctx.own(node):
        return None
    return Fix(title, (Edit(node.line, 1, node.line + 1, 1, ""),))


def _is_empty(block) -> bool:
    return all(isinstance(c, N.Comment) for c in block.children)


_TEXTISH = (N.TextLine, N.FontMacro, N.NoFill, N.Inset, N.Request)


def _neighbours(node):
    """The non-comment siblings around node; None at a block boundary (a heading counts as one)."""
    parent = node.parent
    if parent is None:
        return None, None
    siblings = parent.children
    k = siblings.index(node)
    before = next((c for c in reversed(siblings[:k]) if type(c) is not N.Comment), None)
    after = next((c for c in siblings[k + 1:] if type(c) is not N.Comment), None)
    if before is None and getattr(parent, "tag", None) is not None and parent.tag.all_children():
        before = parent.tag  # after the tag of .TP/.IP: a .br there puts the body on its own line
    if before is not None and isinstance(parent, N.Section) and before is siblings[0] \
            and type(before) is N.TextLine:
        before = None  # the heading line of .SH/.SS
    if isinstance(before, N.Request) and before.name in ("sp", "br", "ns"):
        before = None
    return before, after


# A line of running text: plain text, or a font macro (.B, .BR, .IR ...).
_TEXT_LINE = re.compile(r"(?:[^.'\s\\]|\\[^\"#]|[.'][ \t]*(?:[BI]|[BIR][BIR]|S[BM])[ \t])")


def _synopsis_span(ctx) -> tuple[int, int, int]:
    """(first, last) lines of SYNOPSIS ((0, -1) when none), and the line of the first heading."""
    def compute():
        sections = ctx.doc.sections()
        first = sections[0].line if sections else 1 << 30
        syn = ctx.section("SYNOPSIS")
        return (syn.line, syn.end_line, first) if syn is not None else (0, -1, first)
    return ctx.cached("synopsis-span", compute)


def _times(n: int) -> str:
    return "" if n == 1 else f" ({n} times in this page)"


@register
class ParagraphMacro(Rule):
    """A page starts paragraphs with .LP, .P or .sp instead of .PP.

    man-pages(7) uses .PP for every new paragraph; .LP and .P are synonyms,
    and .sp between two runs of text (or between text and a display) only
    adds space without resetting the indentation and font.  A page that does
    this usually does it throughout, so the finding is reported once per
    page and macro, at the first place, and the fix rewrites them all
    (safely for .LP and .P).
    """
    code, name, severity = "MP020", "paragraph-macro", Severity.STYLE
    message = "use .PP instead of .{macro} to start a paragraph{times}"
    bad = "First.\n.LP\nSecond.\n"
    good = "First.\n.PP\nSecond.\n"
    fix = True

    def start(self, ctx):
        self._found: dict[str, list] = {}

    def visit_Paragraph(self, node, ctx):
        if node.macro in ("LP", "P") and ctx.own(node):
            self._found.setdefault(node.macro, []).append(node)

    def visit_Request(self, node, ctx):
        if node.name != "sp" or not ctx.own(node) or node.line in ctx.nofill_lines:
            return
        if node.args and node.args[0][0] not in ("1", "1v"):
            return
        if ctx.section_name(node) == "SYNOPSIS":
            return
        before, after = _neighbours(node)
        if before is None or after is None:
            return  # next to a heading or another block macro: redundant-paragraph's business
        if not isinstance(before, _TEXTISH) or not isinstance(after, _TEXTISH):
            return  # next to a table or a low-level request: spacing set by hand
        if (type(before) is N.Request and before.name not in ("in", "fi", "RE")) or \
                (type(after) is N.Request and after.name not in ("in", "nf", "EX")):
            return
        # Between two runs of text, or between text and a display: a paragraph break in disguise.
        self._found.setdefault("sp", []).append(node)

    def finish(self, ctx):
        for macro, nodes in self._found.items():
            edits = tuple(Edit(n.line, 1, n.line, len(ctx.lines[n.line - 1]) + 1, ".PP") for n in nodes)
            fix = Fix("use .PP", edits, safe=macro != "sp")
            first = nodes[0]
            ctx.report(self, first.line, first.col, first.col + 1 + len(macro), fix, node=first,
                       macro=macro, times=_times(len(nodes)))


@register
class BlankLineParagraph(Rule):
    """A blank line separates two paragraphs of running text.

    groff reads a blank line as .sp: it adds a line of space but, unlike
    .PP, does not reset the indentation and font, and man-pages(7) has no
    blank lines at all.  Older pages separate paragraphs this way
    throughout, so the finding is reported once per page, at the first
    blank line, and the fix turns them all into .PP.  Off by default (older
    pages are full of it); "--extend-select MP025" turns it on when a page
    is brought to the house style.
    """
    code, name, severity = "MP025", "blank-line-paragraph", Severity.STYLE
    default_enabled = False
    message = "a blank line starts a paragraph; use .PP{times}"
    bad = "First paragraph.\n\nSecond paragraph.\n"
    good = "First paragraph.\n.PP\nSecond paragraph.\n"
    fix = True
    lines_matching = re.compile(r"[ \t]*$")

    def start(self, ctx):
        self._blank: list[int] = []

    def finish(self, ctx):
        blanks = self._blank
        if blanks:
            edits = tuple(Edit(ln, 1, ln, len(ctx.lines[ln - 1]) + 1, ".PP") for ln in blanks)
            ctx.report(self, blanks[0], 1, 1, Fix("use .PP", edits), times=_times(len(blanks)))

    def check_line(self, ctx, lineno, text):
        if text.strip() or lineno in ctx.nofill_lines or ctx.generated:
            return
        lines = ctx.lines
        if lineno < 2 or lineno >= len(lines):
            return
        prev, nxt = lines[lineno - 2], lines[lineno]
        if not _TEXT_LINE.match(prev) or not _TEXT_LINE.match(nxt):
            return  # next to a macro (blank-line's business), another blank line or a comment
        span = _synopsis_span(ctx)
        if span[0] <= lineno <= span[1] or lineno < span[2]:
            return  # SYNOPSIS has its own rule; before the first heading is no text
        self._blank.append(lineno)


@register
class SynopsisSpacing(Rule):
    """SYNOPSIS separates its groups with .sp or blank lines instead of .PP.

    man-pages(7) separates the #include lines, prototypes and feature-test
    macro notes of a SYNOPSIS with .PP, which keeps the spacing consistent
    with the rest of the page (a blank line or .sp inside the .nf block is a
    hard-coded space).  Reported once per SYNOPSIS and kind, at the first
    place; the fix changes them all.
    """
    code, name, severity = "MP023", "synopsis-spacing", Severity.STYLE
    message = "SYNOPSIS uses {what} between groups; use .PP{times}"
    bad = ".SH SYNOPSIS\n.nf\n.B #include <unistd.h>\n.sp\n.BI \"int dup(int \" oldfd );\n.fi\n"
    good = ".SH SYNOPSIS\n.nf\n.B #include <unistd.h>\n.PP\n.BI \"int dup(int \" oldfd );\n.fi\n"
    fix = True
    _sp = re.compile(r"^[.'][ \t]*sp(?:[ \t]+1v?)?[ \t]*$")
    _end = re.compile(r"^[.'][ \t]*(?:SH|SS|fi)\b")

    def visit_Section(self, node, ctx):
        if node.name != "SYNOPSIS" or type(node) is not N.Section or not ctx.own(node):
            return
        lines = ctx.lines
        first, last = node.line + 1, min(node.end_line, len(lines))
        found: dict[str, list[int]] = {}
        for ln in range(first, last + 1):
            text = lines[ln - 1]
            if not text.strip():
                if ln < last and lines[ln].strip():
                    found.setdefault("blank lines", []).append(ln)
            elif text[0] in ".'" and self._sp.match(text):
                nxt = ln
                while nxt < last and (not lines[nxt].strip() or lines[nxt].startswith('.\\"')):
                    nxt += 1
                if nxt < len(lines) and self._end.match(lines[nxt]):
                    continue  # a .sp before the end of SYNOPSIS: redundant-paragraph's business
                found.setdefault(".sp", []).append(ln)
        for what, lns in found.items():
            edits = tuple(Edit(ln, 1, ln, len(lines[ln - 1]) + 1, ".PP") for ln in lns)
            ctx.report(self, lns[0], 1, len(lines[lns[0] - 1]) + 1, Fix("use .PP", edits),
                       what=what, times=_times(len(lns)))


@register
class RedundantParagraph(Rule):
    """A paragraph macro starts a paragraph that holds nothing.

    groff and mandoc ignore a paragraph macro that is directly followed by
    another block macro (.PP, .TP, .SH...); the line is noise in the source.
    (One right after .SH/.SS is just as useless, but older pages put one after
    every heading, so that case is left alone.)
    """
    code, name, severity = "MP021", "redundant-paragraph", Severity.WARNING
    message = ".{macro} {why}"
    bad = ".SH DESCRIPTION\nText.\n.PP\n.TP\n.B X\nMore.\n"
    good = ".SH DESCRIPTION\nText.\n.TP\n.B X\nMore.\n"
    fix = True


    def visit_Paragraph(self, node, ctx):
        if not node.macro or not _is_empty(node) or not ctx.own(node):
            return
        parent = node.parent
        if parent is not None and parent.children and parent.children[0] is node and isinstance(parent, N.Section):
            return  # right after a heading: harmless, and everywhere in older pages
        ctx.report(self, node.line, node.col, node.col + 1 + len(node.macro),
                   _delete_line_fix(ctx, node, "delete the line"), node=node,
                   macro=node.macro, why="before another block has no effect")


    def start(self, ctx):
        self._start = len(ctx.diagnostics)
        self._found: dict[tuple[str, str], list] = {}

    def visit_Request(self, node, ctx):
        name = node.name
        if (name != "sp" and name != "br") or node.args or not ctx.own(node):
            return
        if node.line in ctx.nofill_lines:
            if name != "br" or not _in_nofill_block(node):
                return
            why = "in no-fill text has no effect"
        else:
            before, after = _neighbours(node)
            if before is None and after is None:
                return
            if after is None:
                why = "before a heading or block macro is redundant"
            elif before is None:
                why = "after a heading or block macro is redundant"
            else:
                return
        self._found.setdefault((name, why), []).append(node)

    def finish(self, ctx):
        # A page that does it usually does it throughout (a .br after every
        # SYNOPSIS line): one finding per kind, at the first; the fix deletes them all.
        for (name, why), nodes in self._found.items():
            first = nodes[0]
            edits = tuple(Edit(n.line, 1, n.line + 1, 1, "") for n in nodes)
            ctx.report(self, first.line, first.col, first.col + 3, Fix("delete the lines", edits),
                       node=first, macro=name, why=why + _times(len(nodes)))
        fold(ctx, self, self._start, 3)  # many kinds of redundant spacing: one finding


def _in_nofill_block(node) -> bool:
    n = node.parent
    while n is not None:
        if type(n) is N.NoFill:
            return True
        if isinstance(n, (N.Section, N.Table)):
            return False
        n = n.parent
    return False


@register
class ExampleWithNofill(Rule):
    """A code example in EXAMPLES is set with .nf/.fi instead of .EX/.EE.

    man-pages(7) marks example code with .EX/.EE, which tells renderers that
    it is code (constant-width font, highlighting in HTML).  Reported once
    per page, at the first block.  A whole page is reported only when it
    already sets at least as many blocks with .EX as it has .nf examples
    left: such a page has taken up .EX, and the rest are leftovers of the
    conversion.  Until 2020 every page set its examples with .nf, and other
    projects' pages still do; a page that never used .EX is not reported,
    as that would give a tree of older pages one finding per example page.
    check-patch reports each .nf example a patch adds, whatever the page.
    """
    code, name, severity = "MP022", "example-nofill", Severity.STYLE
    message = "use .EX/.EE for example code instead of .nf/.fi"
    bad = ".SH EXAMPLES\n.EX\nint x;\n.EE\n.PP\n.nf\nint y;\n.fi\n"
    good = ".SH EXAMPLES\n.EX\nint x;\n.EE\n.PP\n.EX\nint y;\n.EE\n"

    def start(self, ctx):
        self._blocks: list = []

    def visit_NoFill(self, node, ctx):
        if node.macro != "nf" or node.continued or not ctx.own(node):
            return
        if ctx.section_name(node) not in ("EXAMPLES", "EXAMPLE"):
            return
        self._blocks.append(node)

    def finish(self, ctx):
        if not self._blocks:
            return
        if ctx.fold and sum(n.macro == "EX" for n in ctx.of_type(N.NoFill)) < len(self._blocks):
            return  # a page of the .nf era, not one half converted (a patch review sees every block)
        first = len(ctx.diagnostics)
        for node in self._blocks:
            ctx.report(self, node.line, node.col, node.col + 3, node=node)
        fold(ctx, self, first, 1)  # the leftovers of one conversion: one finding


@register
class SectionOrder(Rule):
    """Sections are not in the order man-pages(7) gives.

    Readers find things where they expect them: NAME, SYNOPSIS, DESCRIPTION,
    ... ERRORS ... NOTES, BUGS, EXAMPLES, ... SEE ALSO.
    """
    code, name, severity = "MP030", "section-order", Severity.WARNING
    message = "section {name} should come before {previous}"
    bad = ".SH NAME\nx \\- y\n.SH SEE ALSO\n.BR a (1)\n.SH DESCRIPTION\nText.\n"
    good = ".SH NAME\nx \\- y\n.SH DESCRIPTION\nText.\n.SH SEE ALSO\n.BR a (1)\n"

    def visit_Document(self, node, ctx):
        best = None
        for section in node.sections():
            rank = _RANK.get(section.name)
            if rank is None or not ctx.own(section):
                continue
            if best is not None and rank < best[0]:
                ctx.report(self, section.line, section.col, node=section, name=section.name,
                           previous=best[1])
                return  # one finding says the page's order is off; moving it shifts the rest
            elif best is None or rank > best[0]:
                best = (rank, section.name)


@register
class MissingSection(Rule):
    """A page lacks a section every page needs (NAME, and DESCRIPTION).

    makewhatis/mandb read NAME to build the apropos index; a page without a
    DESCRIPTION tells the reader nothing.
    """
    code, name, severity = "MP031", "missing-section", Severity.WARNING
    message = "page has no {name} section"
    bad = ".TH FROB 2 2024-01-01\n.SH DESCRIPTION\nText.\n"
    good = ".TH FROB 2 2024-01-01\n.SH NAME\nfrob \\- frobnicate\n.SH DESCRIPTION\nText.\n"

    def visit_Document(self, node, ctx):
        if node.title is None or not ctx.own(node.title):
            return
        names = {s.name for s in node.sections()}
        for needed in ("NAME", "DESCRIPTION"):
            if needed not in names and not (needed == "DESCRIPTION" and len(names) <= 1):
                ctx.report(self, node.title.line, 1, node=node.title, name=needed)


@register
class TitleLine(Rule):
    """The .TH line disagrees with the file name or has a malformed date.

    The section in .TH should match the file's extension (mmap.2 -> 2), the
    title is the page's name in capitals, and the date is written YYYY-MM-DD
    in man-pages, and names a day of the calendar ("2005-20-13" swapped the
    month and the day) that is not years ahead ("2102-04-16" for 2012).  A
    title one letter from the file name is a slip (".TH IOPERN" in ioperm.2;
    a page may have another title, ".TH STDIN" in stdout.3, but not that;
    a letter more or less is an alias or a title a generator cut short).
    """
    code, name, severity = "MP032", "title-line", Severity.WARNING
    message = ".TH {what}"
    bad = ".TH MMAP 3 \"March 2021\"\n"
    good = ".TH MMAP 2 2021-03-22\n"

    def visit_Title(self, node, ctx):
        if node is not ctx.doc.title or not ctx.own(node):
            return
        base = os.path.basename(ctx.path)
        if base.endswith(".gz"):
            base = base[:-3]
        ext = base.rsplit(".", 1)[-1] if "." in base else ""
        if ext and ext[:1].isdigit() and node.section and node.section[:1] != ext[:1]:
            ctx.report(self, node.line, node.col, node=node,
                       what=f"section {node.section} does not match the file name {base}")
        stem = base.rsplit(".", 1)[0].lower() if ext else ""
        title = (node.title or "").lower()
        # One letter changed or two swapped: a letter more or less is a title
        # cut short by a generator or an alias ("pip" in pip3.1, "_llseek").
        if (len(stem) > 3 and len(title) == len(stem) and title != stem
                and title.replace("-", "_") != stem and title in edits1(stem, NAME_CHARS)):
            ctx.report(self, node.line, node.col, node=node,
                       what=f"title {node.title!r} is one letter from the file name {base}")
        if node.title and node.title != node.title.upper() and "\\" not in node.title:
            ctx.report(self, node.line, node.col, node=node,
                       what=f"title {node.title!r} is not in capitals ({node.title.upper()})")
        if node.date and not _DATE.match(node.date) and not node.date.startswith("$"):
            ctx.report(self, node.line, node.col, node=node,
                       what=f"date {node.date!r} is not in YYYY-MM-DD form")
        elif node.date and _DATE.match(node.date) and not _real_date(node.date):
            ctx.report(self, node.line, node.col, node=node,
                       what=f"date {node.date!r} is no day of the calendar (month and day swapped?)")
        elif node.date and _DATE.match(node.date) and int(node.date[:4]) > datetime.date.today().year + 1:
            ctx.report(self, node.line, node.col, node=node, what=f"date {node.date!r} is in the future")


@register
class ErrorsOrder(Rule):
    """The entries of the ERRORS list are not in alphabetical order.

    man-pages(7) sorts ERRORS alphabetically so readers can find a code; the
    same code may repeat for different causes.
    """
    code, name, severity = "MP033", "errors-order", Severity.WARNING
    message = "{name} is out of alphabetical order in ERRORS (after {previous})"
    bad = ".SH ERRORS\n.TP\n.B EINVAL\nBad.\n.TP\n.B EACCES\nDenied.\n"
    good = ".SH ERRORS\n.TP\n.B EACCES\nDenied.\n.TP\n.B EINVAL\nBad.\n"

    def visit_Section(self, node, ctx):
        if node.name != "ERRORS":
            return
        for entries in tagged_lists(node):
            names = [e.name for e in entries]
            if not all(n[:1] == "E" and n.isupper() for n in names):
                continue
            for prev, cur in zip(entries, entries[1:]):
                if cur.name < prev.name and ctx.own(cur.node):
                    ctx.report(self, cur.line, 1, node=cur.node, name=cur.name, previous=prev.name)
                    break  # the first misplaced entry; sorting the list settles the rest


@register
class SinceForm(Rule):
    """A "(since ...)" note in a tag is written differently from the page's own form.

    man-pages writes "(since Linux 4.17)"; "(Since Linux 4.17)", "(since
    kernel 4.17)" or "(since 4.17)" break searches and diffs.
    """
    code, name, severity = "MP034", "since-form", Severity.STYLE
    # Old pages mix forms freely and maintainers rarely touch them one by one:
    # useful when normalising a page ("--extend-select MP034"), off otherwise.
    default_enabled = False
    message = "{found!r} differs from the page's form {expected!r}"
    bad = ".TP\n.BR MAP_A \" (since 2.6.9)\"\nText.\n.TP\n.BR MAP_B \" (since Linux 4.17)\"\nText.\n.TP\n.BR MAP_C \" (since Linux 3.1)\"\nText.\n"
    good = ".TP\n.BR MAP_A \" (since Linux 2.6.9)\"\nText.\n.TP\n.BR MAP_B \" (since Linux 4.17)\"\nText.\n.TP\n.BR MAP_C \" (since Linux 3.1)\"\nText.\n"

    def visit_Document(self, node, ctx):
        found = []
        for tp in node.findall(N.TaggedParagraph):
            tag = tp.tag.text()
            m = _SINCE_FORMS.search(tag)
            if m and m.group("word").lower() == "since":
                found.append((tp, m))
        canonical = [m for _tp, m in found if m.group("word") == "since" and m.group("what").startswith(("Linux ", "glibc "))]
        if len(canonical) < max(2, len(found) // 2):
            return
        for tp, m in found:
            what = m.group("what")
            if m.group("word") == "since" and what.startswith(("Linux ", "glibc ")):
                continue
            if not ctx.own(tp.tag) or not tp.tag.children:
                continue
            first = tp.tag.children[0]
            ctx.report(self, first.line, first.col, node=first, found=m.group(0),
                       expected="(since Linux X.Y)")


@register
class SeeAlsoList(Rule):
    """The SEE ALSO list is not sorted by section and name, or its punctuation is off.

    man-pages(7): SEE ALSO is a comma-separated list of .BR name (N) references,
    ordered by section number and then by name, with no final period.
    """
    code, name, severity = "MP035", "see-also-list", Severity.WARNING
    message = "SEE ALSO: {what}"
    bad = ".SH SEE ALSO\n.BR open (2),\n.BR close (2).\n"
    good = ".SH SEE ALSO\n.BR close (2),\n.BR open (2)\n"

    def visit_Section(self, node, ctx):
        if node.name != "SEE ALSO" or not ctx.own(node):
            return
        first = len(ctx.diagnostics)
        self._check(node, ctx)
        fold(ctx, self, first, 2)  # a list punctuated one way throughout: one finding

    def _check(self, node, ctx):
        macros = [m for m in node.findall(N.FontMacro) if any(isinstance(c, N.Reference) for c in m.children)]
        if macros:
            # Only the main list: a later paragraph ("Various pages of the libfoo
            # library, including: ...") is prose with its own punctuation, and
            # it may follow a blank line or .sp as well as .PP.
            group = macros[0].parent
            listed = set(map(id, macros))
            start = group.children.index(macros[0])
            macros = []
            for child in group.children[start:]:
                if id(child) in listed:
                    macros.append(child)
                elif type(child) is N.TextLine or isinstance(child, N.Block) or (
                        isinstance(child, N.Request) and child.name in _LIST_BREAKS):
                    break
        refs = []
        for m in macros:
            ref = next(c for c in m.children if isinstance(c, N.Reference))
            tail = "".join(c.plain for c in m.children if isinstance(c, N.Text)).strip()
            refs.append((m, ref, tail))
        for k, (m, ref, tail) in enumerate(refs):
            last = k == len(refs) - 1
            if last and tail.endswith("."):
                ctx.report(self, m.line, m.col, node=m, what="no period after the last reference")
            elif not last and tail != ",":
                ctx.report(self, m.line, m.col, node=m, what=f"separate references with ',' (after {ref.plain})")
        # Pages differ on underscores and numbers (clog10 or clog2 first?):
        # out of order only when it is so both by plain and by natural order.
        keys = [(_section_key(r.section), r.name.lower()) for _m, r, _t in refs]
        natural = [(_section_key(r.section), _name_key(r.name)) for _m, r, _t in refs]
        for k in range(1, len(keys)):
            if keys[k] < keys[k - 1] and natural[k] < natural[k - 1]:
                m, r, _t = refs[k]
                ctx.report(self, m.line, m.col, node=m,
                           what=f"{r.plain} should come before {refs[k - 1][1].plain}")
                break


# What ends the list of references, besides text and a block: a break by request.
_LIST_BREAKS = frozenset({"sp", "br", "in"})


_DIGITS = re.compile(r"(\d+)")


def _name_key(name: str):
    """man-pages' order: case and leading underscores ignored, '-' like '_', numbers by value."""
    parts = _DIGITS.split(name.lower().lstrip("_").replace("-", "_"))
    return [int(p) if k % 2 else p for k, p in enumerate(parts)]


def _section_key(section: str):
    m = re.match(r"(\d+)(.*)", section)
    return (int(m.group(1)), m.group(2)) if m else (99, section)
