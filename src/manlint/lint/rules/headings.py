"""How section and subsection headings are written."""

from __future__ import annotations

import re

from ...diagnostics import Severity
from ...man import nodes as N
from ..rule import Rule, register

# Sections that are never a part of another (OPTIONS, EXAMPLES and the
# like are subsections of DESCRIPTION in some projects' pages).
_SECTION_NAMES = frozenset({"NAME", "SYNOPSIS", "RETURN VALUE", "ERRORS", "VERSIONS", "ATTRIBUTES",
                            "CONFORMING TO", "STANDARDS", "NOTES", "BUGS", "SEE ALSO", "COLOPHON"})

# ".SS name", ".SS "name"", ".SS name ()": a heading that is one identifier.
_NAME_HEADING = re.compile(
    r'^(?P<macro>[.\'][ \t]*SS[ \t]+)"?(?P<name>[A-Za-z_]\w*)(?P<paren>[ \t]*\(\))?"?[ \t]*$')
# "Multithreading(see pthreads(7))": a word glued to the parenthesis of an aside.
_GLUED_ASIDE = re.compile(r"(?<=[a-z])\((?=(?:see|since|Linux|glibc)\b)")


@register
class HeadingForm(Rule):
    """A heading names a function of the page without its parentheses, glues
    a word to an aside, or makes a standard section a subsection.

    man-pages(7) names a function in a subsection heading as "name()", the
    way the text writes it (".SS va_start()", not ".SS va_start" nor ".SS
    va_start ()"), and a heading is prose that keeps the space before an
    aside ("Multithreading (see pthreads(7))").  Only names the SYNOPSIS
    declares as functions are checked.  ".SS NOTES" is a section of its own
    that lost its place in the page's outline: ".SH NOTES" (unless the page
    has several, as a page describing the sections does).  A section
    heading is written in capitals: ".SH "Linux Notes"" is a subsection
    that lost its place (".SS"), or a section to write in capitals; which
    one, the writer knows, so that one has no fix.
    """
    code, name, severity = "MP050", "heading-form", Severity.WARNING
    message = "{advice}"
    bad = ".SH SYNOPSIS\n.BI \"void va_end(va_list \" ap );\n.SH DESCRIPTION\n.SS va_end\nText.\n"
    good = ".SH SYNOPSIS\n.BI \"void va_end(va_list \" ap );\n.SH DESCRIPTION\n.SS va_end()\nText.\n"
    fix = True

    def visit_Document(self, node, ctx):
        if ctx.generated:
            return  # pod2man and the like head a function's part with its name alone
        headings = [h for h in ctx.of_type(N.Subsection) if ctx.own(h)]
        headings += [h for h in ctx.of_type(N.Section) if ctx.own(h)]
        if not headings:
            return
        lines = ctx.lines
        # A page with several such subsections is about the sections
        # (man-pages(7) describes each in one): only a lone one is a slip.
        named = sum(1 for h in headings if type(h) is N.Subsection and h.name in _SECTION_NAMES)
        for heading in sorted(headings, key=lambda h: h.line):
            raw = lines[heading.line - 1]
            wanted = None
            one_name = _NAME_HEADING.match(raw)
            if named == 1 and type(heading) is N.Subsection and heading.name in _SECTION_NAMES:
                wanted = ".SH " + heading.name
            elif one_name:
                # (Quotes around "name()" are harmless.)
                if one_name.group("paren") != "()" and one_name.group("name") in ctx.synopsis_functions():
                    wanted = one_name.group("macro") + one_name.group("name") + "()"
            elif _GLUED_ASIDE.search(raw):
                wanted = _GLUED_ASIDE.sub(" (", raw)
            if wanted is not None and wanted != raw:
                ctx.report(self, heading.line, 1, len(raw) + 1,
                           ctx.replace_line_fix("rewrite the heading", heading.line, wanted),
                           node=heading, advice=f"write the heading as {wanted!r}")
            elif type(heading) is N.Section and heading.name != heading.name.upper():
                ctx.report(self, heading.line, 1, len(raw) + 1, node=heading,
                           advice=f"section heading {heading.name!r} is not in capitals: write "
                                  f"{heading.name.upper()!r}, or make it a subsection (.SS)")
