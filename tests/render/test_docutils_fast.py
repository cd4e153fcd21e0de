"""The cheap ways the bridge uses docutils give what docutils' own ways give.

``docutils_publish`` runs the HTML translator straight on the doctree (no
Publisher, no transforms) and writes inline content in one loop;
``docutils_nodes`` makes nodes without ``Element.__init__``.  These tests
render pages both ways, the second through ``publish_from_doctree`` and the
stock html5 translator, and compare the bytes.
"""

from __future__ import annotations

import gc
import os

import pytest

from conftest import CORPUS_513, corpus_page
from manlint.man import parse_file, parse_text

pytest.importorskip("docutils", reason="docutils is not installed")

from docutils import nodes  # noqa: E402
from docutils.core import publish_from_doctree  # noqa: E402
from docutils.writers import html5_polyglot  # noqa: E402

from manlint.render import docutils_nodes  # noqa: E402
from manlint.render.docutils_bridge import (  # noqa: E402
    build_doctree, default_stylesheet, render_with_docutils,
)
from manlint.render.docutils_publish import settings_overrides  # noqa: E402

XREF = "manlint-xref:{section}/{name}"

PAGE = r""".TH DEMO 1 2024-05-01 "demo 1.0" "Demo & <Manual>"
.SH NAME
demo \- show what the bridge does
.SH SYNOPSIS
.nf
.B #include <demo.h>
.PP
.BI "int demo(const char *" path ", int " flags );
.fi
.SH DESCRIPTION
Plain, \fBbold\fR, \fIitalic\fR, \f(BIboth\fR and \f(CWcode\fR, a@b & <c> "q".
See
.BR open (2),
.UR https://example.org/a?b=1&c=2
the site
.UE ,
and
.MT someone@example.org
.UE .
.TP
.B \-v
Verbose.
.IP \(bu 2
A bullet.
.RS
.EX
$ demo \-v file
.EE
.RE
.SH EXAMPLES
.EX
#include <stdio.h>
int
main(void)
{
    printf("%s\en", "x < y && z");   /* comment */
}
.EE
.TS
allbox;
l c r.
a	b	c
.TE
"""


def stock_html(doc, css=None) -> str:
    """The page through docutils' Publisher and its stock html5 translator."""
    class Translator(html5_polyglot.HTMLTranslator):
        def __init__(self, document):
            super().__init__(document)
            self.stylesheet = [self.embedded_stylesheet % css] if css else []

    class Writer(html5_polyglot.Writer):
        def __init__(self):
            super().__init__()
            self.translator_class = Translator

    out = publish_from_doctree(build_doctree(doc, XREF), writer=Writer(),
                               settings_overrides=settings_overrides("html5"))
    return out.decode("utf-8") if isinstance(out, bytes) else out


def fast_html(doc, css=None) -> str:
    return render_with_docutils(doc, "html", xref_pattern=XREF, stylesheet=css or False)


def test_small_page_same_as_stock_docutils():
    doc = parse_text(PAGE, "demo.1")
    assert fast_html(doc) == stock_html(doc)
    css = default_stylesheet()
    assert fast_html(doc, css) == stock_html(doc, css)


def test_corpus_pages_same_as_stock_docutils():
    if not os.path.isdir(CORPUS_513):
        pytest.skip(f"{CORPUS_513} is absent (the shared corpus is not on this machine)")
    names = ["man2/mmap.2", "man7/signal.7", "man3/printf.3", "man5/proc.5", "man2/open.2",
             "man7/man-pages.7", "man3/getaddrinfo.3", "man1/ldd.1", "man8/ld.so.8"]
    for name in names:
        doc = parse_file(corpus_page(name))
        assert fast_html(doc) == stock_html(doc), name


@pytest.mark.parametrize("cls", [nodes.strong, nodes.emphasis, nodes.inline, nodes.paragraph,
                                 nodes.literal, nodes.literal_block, nodes.reference])
def test_node_factory_matches_the_constructor(cls):
    for raw, classes in (("", None), ("text", ["a"]), ("x", ["b", "c"])):
        fast = docutils_nodes.element(cls, raw, classes)
        slow = cls(raw, classes=classes) if classes else cls(raw)
        assert type(fast) is type(slow)
        assert vars(fast) == vars(slow)
        assert list(fast.attributes) == list(slow.attributes)
    made = docutils_nodes.text_element(cls, "t", ["k"])
    assert made.pformat() == cls("t", "t", classes=["k"]).pformat()


def test_a_rendered_page_leaves_no_cyclic_garbage():
    """The doctree is disposed of and the site releases the parsed page: the
    garbage collector has nothing to find afterwards (that work was a
    quarter of a site build)."""
    from manlint.site.build import release_tree
    render_with_docutils(parse_text(PAGE, "demo.1"), "html", xref_pattern=XREF,
                         stylesheet=False)   # warm up (its page is left to the collector)
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        doc = parse_text(PAGE, "demo.1")
        render_with_docutils(doc, "html", xref_pattern=XREF, stylesheet=False)
        release_tree(doc)
        del doc
        gc.collect()
        left = [type(o).__module__ for o in gc.garbage
                if type(o).__module__.startswith(("docutils.nodes", "manlint.man"))]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    assert not left, left[:10]
