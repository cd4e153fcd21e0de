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

import html
import os
import re
import sys
from html.parser import HTMLParser

import atheris

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src"))

with atheris.instrument_imports(include=["manlint"]):
    from manlint.man import parse_bytes
    from manlint.render.docutils_bridge import render_with_docutils
    # loaded on first use otherwise, and then not instrumented
    import manlint.man.macros, manlint.man.parser, manlint.man.tables  # noqa: E401,F401
    import manlint.roff.reader, manlint.roff.tbl  # noqa: E401,F401

SO_ROOT = os.path.join(HERE, "so_root")
_BAD_TAGS = {"script", "iframe", "object", "embed", "base", "form", "svg", "img", "style"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background"}


class Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BAD_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in _URL_ATTRIBUTES and value is not None:
                # Browsers drop blanks and control characters inside a scheme.
                squeezed = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
                if squeezed.startswith(_BAD_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def TestOneInput(data: bytes) -> None:
    doc = parse_bytes(data, "x.1", root=SO_ROOT)
    out = render_with_docutils(doc, "html", stylesheet=False)
    out.encode("utf-8")  # no lone surrogates
    audit = Audit()
    audit.feed(out)
    audit.close()
    if audit.problems:
        raise AssertionError(f"HTML that could run script: {audit.problems[:3]}")


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
