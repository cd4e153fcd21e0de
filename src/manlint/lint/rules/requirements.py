"""The feature-test macro requirements of a SYNOPSIS, in the man-pages(7) layout."""

from __future__ import annotations

import re

from ...diagnostics import Edit, Fix, Severity
from ...man import nodes as N
from ..rule import Rule, register
from .folding import fold

# The first word of a requirement: a feature-test macro, or a glibc version
# heading ("Since glibc 2.10:") above one.
_REQUIREMENT = re.compile(
    r"(?:_[A-Z][A-Z0-9_]*_(?:SOURCE|BITS)|_REENTRANT|_THREAD_SAFE)\b"
    r"|(?:[Ss]ince|[Bb]efore|[Uu]p to and including|[Ff]rom) glibc\b|[Gg]libc \d")
_HEADING = "Feature Test Macro Requirements"
# Blocks that indent what they hold.
_INDENTING = (N.Inset, N.TaggedParagraph, N.IndentedParagraph, N.NoFill)


def _margin_requirements(synopsis: N.Section) -> list[N.TextLine]:
    """The requirement lines of ``synopsis`` that print at its left margin."""
    found: list[N.TextLine] = []
    seen_heading = False
    indented = False  # an .in +N in force (pages of the 2000s indent by hand)
    # (A line that starts with spaces is indented by hand too: _REQUIREMENT
    # does not match it.)
    for node in synopsis.walk():
        kind = type(node)
        if kind is N.Request:
            if node.name == "in":
                arg = node.args[0] if node.args else ""
                indented = bool(arg) and arg[0] not in "-0"
            continue
        if kind is not N.TextLine:
            continue
        plain = node.plain
        if not seen_heading:
            seen_heading = plain.lstrip().startswith(_HEADING)
            continue
        if indented or not _REQUIREMENT.match(plain):
            continue
        parent = node.parent
        while parent is not synopsis and not isinstance(parent, _INDENTING):
            parent = parent.parent
        if parent is synopsis:
            found.append(node)
    return found


def _run_end(first: N.TextLine) -> int:
    """The last line of the requirements that start at ``first``: the lines
    and breaks that follow it, up to the next function (".BR name ():"), a
    request or the end of the block."""
    siblings = first.parent.children
    last = first.line
    for node in siblings[siblings.index(first) + 1:]:
        kind = type(node)
        if kind is N.Request and node.name == "br":
            continue
        if kind is N.TextLine or (kind is N.FontMacro and not node.plain.rstrip().endswith(":")):
            last = node.line
            continue
        if kind is not N.Comment:
            break
    return last


@register
class RequirementsAtMargin(Rule):
    """A SYNOPSIS sets a function's feature-test macro requirements at the margin.

    man-pages(7) lists, under "Feature Test Macro Requirements for glibc",
    each function followed by the macros it needs, indented beneath it
    (.RS 4 ... .RE, or four spaces in a no-fill block): at the margin, the
    macros read as one more line of the list of functions.  A page that
    does it does so for every function, so the findings are folded into
    one, at the first place, whose fix indents them all.
    """
    code, name, severity = "MP049", "requirements-at-margin", Severity.STYLE
    message = ("feature-test macro requirements printed at the margin; "
               "indent them beneath the function (.RS 4 ... .RE)")
    bad = (".SH SYNOPSIS\n.nf\n.B #include <stdlib.h>\n.PP\n.B int clearenv(void);\n.fi\n.PP\n"
           "Feature Test Macro Requirements for glibc (see\n.BR feature_test_macros (7)):\n.PP\n"
           ".BR clearenv ():\n_DEFAULT_SOURCE\n")
    good = (".SH SYNOPSIS\n.nf\n.B #include <stdlib.h>\n.PP\n.B int clearenv(void);\n.fi\n.PP\n"
            "Feature Test Macro Requirements for glibc (see\n.BR feature_test_macros (7)):\n.PP\n"
            ".BR clearenv ():\n.RS 4\n_DEFAULT_SOURCE\n.RE\n")
    fix = True

    def visit_Section(self, node, ctx):
        if node.name != "SYNOPSIS" or type(node) is not N.Section or not ctx.own(node):
            return
        lines = ctx.lines
        first = len(ctx.diagnostics)
        last = 0
        for line in _margin_requirements(node):
            if not ctx.own(line) or line.line <= last:
                continue  # (a line inside the previous run is in it)
            last = _run_end(line)
            end = len(lines[last - 1]) + 1
            edits = (Edit(line.line, 1, line.line, 1, ".RS 4\n"), Edit(last, end, last, end, "\n.RE"))
            ctx.report(self, line.line, 1, len(lines[line.line - 1]) + 1, Fix("indent them with .RS 4", edits),
                       node=line)
        fold(ctx, self, first, 1)  # a page that does it for one function does it for all
