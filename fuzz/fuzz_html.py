#!/usr/bin/env python3
"""Coverage-guided fuzz target for manlint's HTML rendering through the
docutils bridge (atheris / libFuzzer).

    python3 fuzz/fuzz_html.py [libFuzzer options] [CORPUS_DIR...]

Run it through fuzz/run.sh.  The page is parsed and rendered to HTML5 with
render_with_docutils.  Any exception is a crash; so is HTML that could run
script: a <script>, <iframe>, <object>, <embed>, <base>, <form>, <svg>,
<img> or <style> element (the stylesheet is left out, so none is
expected), an on* event-handler attribute, or a javascript:, vbscript: or
data: address in a URL attribute.
"""

from __future__ import annotations

import os
import sys

import atheris

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, os.path.join(ROOT, "tests", "hardening"))  # html_audit, shared with the tests

with atheris.instrument_imports(include=["manlint"]):
    from manlint.man import parse_bytes
    from manlint.render.docutils_bridge import render_with_docutils
    # loaded on first use otherwise, and then not instrumented
    import manlint.man.macros, manlint.man.parser, manlint.man.tables  # noqa: E401,F401
    import manlint.roff.reader, manlint.roff.tbl  # noqa: E401,F401

import html_audit  # noqa: E402

SO_ROOT = os.path.join(HERE, "so_root")


def TestOneInput(data: bytes) -> None:
    doc = parse_bytes(data, "x.1", root=SO_ROOT)
    out = render_with_docutils(doc, "html", stylesheet=False)
    out.encode("utf-8")  # no lone surrogates
    found = html_audit.audit(out)
    # No stylesheet is written, so no element of BAD_TAGS is expected at all.
    problems = found.problems + [f"<{tag}>" for tag in sorted(found.generated_tags)]
    if problems:
        raise AssertionError(f"HTML that could run script: {problems[:3]}")


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
