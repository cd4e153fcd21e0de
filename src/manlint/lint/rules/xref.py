"""Cross-references written other than .BR name (N)."""

from __future__ import annotations

import re

from ...diagnostics import Edit, Fix, Severity
from ...man import nodes as N
from ..rule import Rule, register
from .folding import fold
from ..context import prose_spans as _prose_spans, starts_roman

_PLAIN_REF = re.compile(r"(?<![\w\\/.-])([A-Za-z_][\w.+-]*[A-Za-z0-9_])\(([1-9][a-z]*)\)")
_FONT_REF = re.compile(r"\\f[BI]([A-Za-z_][\w.+\\-]*)\\f[RP]\((\d[a-z]*)\)")
_REF_HINT = re.compile(r"\(\d")


@register
class CrossReferenceForm(Rule):
    """A reference to another page is not written as .BR name (N).

    man-pages(7) writes references with .BR (or .MR) so that the name is bold,
    the section roman, and tools can find them; "foo(2)" in plain text or
    "\\fBfoo\\fP(2)" are not recognised as references, and ".IR foo (2)"
    sets the name in italics, which man-pages(7) keeps for arguments.
    Generated pages and the NAME line (plain text for whatis) are skipped.
    Only the .IR form has a fix, safe and applied by --fix (.IR becomes
    .BR); the plain forms are rewritten by hand.
    """
    code, name, severity = "XR001", "xref-form", Severity.WARNING
    message = "reference {ref} should be written .BR {name} ({section})"
    bad = "See open(2) for details.\n"
    good = "See\n.BR open (2)\nfor details.\n"

    def visit_Document(self, node, ctx):
        if ctx.generated:
            return  # a generator writes references its own way; fix its input
        first = len(ctx.diagnostics)
        # Both patterns need "(digit": one search of the page picks the lines.
        for lineno, raw, tl in ctx.running_matching(_REF_HINT):
            if raw[:1] in (" ", "\t"):
                continue  # an indented line is code set by hand: "exit(0);"
            if ctx.section_name(tl) == "NAME":
                continue  # the NAME line is plain text for whatis(1); no markup there
            for start, end in _prose_spans(raw, starts_roman(tl)):
                for m in _PLAIN_REF.finditer(raw, start, end):
                    ctx.report(self, lineno, m.start() + 1, m.end() + 1, node=tl,
                               ref=m.group(0), name=m.group(1), section=m.group(2))
            for m in _FONT_REF.finditer(raw):
                name = m.group(1).replace("\\-", "-")
                ctx.report(self, lineno, m.start() + 1, m.end() + 1, node=tl,
                           ref=f"{name}({m.group(2)})", name=name, section=m.group(2))
        fold(ctx, self, first, 1)  # a page that writes references one way writes them all so
        # ".IR init (1)": set as a reference, but in italics (the old style of
        # a few pages); folded on its own, a slip apart from plain references.
        first = len(ctx.diagnostics)
        for ref in ctx.of_type(N.Reference):
            fm = ref.parent
            # (The parser made the reference: its two arguments are a name and a section.)
            if type(fm) is not N.FontMacro or fm.macro != "IR" or len(fm.args) != 2 or not ctx.own(fm):
                continue
            name, section = ref.name.strip(), ref.section
            fix = Fix("write .BR", (Edit(fm.line, fm.col, fm.line, fm.col + 3, ".BR"),))
            ctx.report(self, fm.line, fm.col, fm.col + 3, fix, node=fm,
                       ref=f"{name}({section}) in italics", name=name, section=section)
        fold(ctx, self, first, 3)
