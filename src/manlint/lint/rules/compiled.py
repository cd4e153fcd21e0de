"""Checks that run the system C compiler: SYNOPSIS prototypes and EXAMPLES programs.

Compiling is slow, so these rules are off by default; turn them on with
``--extend-select HD01`` (check-patch does so for the pages it checks).
Without a ``cc`` they find nothing.  The work is in ``manlint.world.compile``;
results are cached by content in ``~/.cache/manlint/cc/``.
"""

from __future__ import annotations

from ...diagnostics import Severity
from ..rule import Rule, register


def _compiler():
    from ...world.compile import find_compiler
    return find_compiler()


def _examples(ctx):
    """The example report of this page.  Both example rules ask; the second
    time the compiler's in-memory cache answers."""
    compiler = _compiler()
    if compiler is None:
        return None
    from ...world.compile_examples import check_examples
    return check_examples(ctx.doc, compiler)


@register
class PrototypeConflict(Rule):
    """A SYNOPSIS prototype disagrees with the declaration in the header.

    For section 2 and 3 pages, the prototypes, extern variables and typedefs
    of the SYNOPSIS are compiled after the page's own #include lines (with
    _GNU_SOURCE when the page states feature-test macro requirements), and
    the compiler says when one conflicts with the header's declaration.
    Names the headers do not declare (system calls without a wrapper,
    macros) are not checked; a prototype that spells out the arguments of a
    variadic function, or one of several documented variants, is accepted.
    Needs a C compiler (cc); off by default because it is slow.
    """
    code, name, severity = "HD010", "prototype-conflict", Severity.ERROR
    message = "SYNOPSIS prototype conflicts with the header: {detail}"
    default_enabled = False
    bad = (".SH SYNOPSIS\n.nf\n.B #include <unistd.h>\n.PP\n"
           ".BI \"int close(char *\" fd );\n.fi\n")
    good = (".SH SYNOPSIS\n.nf\n.B #include <unistd.h>\n.PP\n"
            ".BI \"int close(int \" fd );\n.fi\n")

    def finish(self, ctx):
        from ...world.compile_synopsis import applies, check_prototypes
        if not applies(ctx.doc) or ctx.section("SYNOPSIS") is None:
            return
        compiler = _compiler()
        if compiler is None:
            return
        report = check_prototypes(ctx.doc, compiler)
        for f in report.conflicts:
            ctx.report(self, f.line, f.col, f.end_col, node=f.node, detail=f.describe())


_EXAMPLE_OK = """.SH EXAMPLES
.EX
#include <stdio.h>

int
main(void)
{
    int count = 0;

    printf("%d\\en", count);
    return 0;
}
.EE
"""


@register
class ExampleCompileError(Rule):
    """An example program in EXAMPLES does not compile.

    Complete programs (code blocks with #include and main(), joined across
    the blocks of a "Program source" subsection) are compiled with
    cc -fsyntax-only -Wall -Wextra; each error is reported at the page line
    it comes from.  A program that needs a header this system lacks is
    skipped.  Needs a C compiler (cc); off by default because it is slow.
    """
    code, name, severity = "HD011", "example-compile-error", Severity.ERROR
    message = "example program does not compile: {detail}"
    default_enabled = False
    bad = _EXAMPLE_OK.replace("    int count = 0;\n\n", "")
    good = _EXAMPLE_OK

    def finish(self, ctx):
        report = _examples(ctx)
        if report is None:
            return
        for f in report.errors:
            ctx.report(self, f.line, f.col, f.end_col, node=f.node, detail=f.message)


@register
class ExampleCompileWarning(Rule):
    """The compiler warns about an example program in EXAMPLES.

    The example programs are compiled with -Wall -Wextra, as a reader who
    copies them would; warnings (unused parameters, signed/unsigned
    comparisons, implicit declarations...) are reported at the page line
    they come from.  Needs a C compiler (cc); off by default because it is slow.
    """
    code, name, severity = "HD012", "example-compile-warning", Severity.WARNING
    message = "example program: compiler warning: {detail}"
    default_enabled = False
    bad = _EXAMPLE_OK.replace("    int count = 0;\n", "    int count = 0;\n    int unused;\n")
    good = _EXAMPLE_OK

    def finish(self, ctx):
        report = _examples(ctx)
        if report is None:
            return
        for f in report.warnings:
            ctx.report(self, f.line, f.col, f.end_col, node=f.node, detail=f.message)
