"""Hostile pages (tests/hardening/hostile/*.man) through every consumer.

Tree dump, text rendering, lint and HTML (through the docutils bridge when it
is importable) must raise nothing; the HTML must run no script: no <script>
element, no event-handler attribute and no javascript:, vbscript: or data:
address in a link; text output must carry no terminal control characters;
nothing from a file outside the page's tree may appear anywhere.
"""

from __future__ import annotations

import glob
import os
import re

import html_audit
import pytest

from manlint.lint.checker import Checker
from manlint.lint.registry import Selection
from manlint.man import parse_file
from manlint.render.text import render_text
from manlint.render.tree import dump

HERE = os.path.dirname(os.path.abspath(__file__))
PAGES = sorted(glob.glob(os.path.join(HERE, "hostile", "*.man")))
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _secrets() -> list[str]:
    try:
        with open("/etc/passwd", encoding="utf-8", errors="replace") as fh:
            return [ln.strip() for ln in fh if len(ln.strip()) > 8][:3]
    except OSError:
        return []


@pytest.fixture(scope="module")
def checker():
    return Checker(Selection())


def _html_renderer():
    try:
        from manlint.render.docutils_bridge import render_with_docutils
    except ImportError as exc:
        pytest.skip(f"manlint.render.docutils_bridge does not import yet: {exc}")
    return render_with_docutils


def test_there_are_hostile_pages():
    assert len(PAGES) >= 8


@pytest.mark.parametrize("path", PAGES, ids=os.path.basename)
def test_tree_text_and_lint(path, checker):
    doc = parse_file(path)
    tree = dump(doc)
    text = render_text(doc)
    checker.check(doc)
    bad = _CONTROL.search(text)
    assert bad is None, f"control character U+{ord(bad.group()):04X} in the text output"
    for secret in _secrets():
        assert secret not in tree and secret not in text, "a file outside the tree was read"
    # The tree dump shows the page's own text, so it is not audited for markup.
    assert "\x1b" not in tree and "\x00" not in tree


@pytest.mark.parametrize("path", PAGES, ids=os.path.basename)
def test_html_runs_no_script(path):
    render_with_docutils = _html_renderer()
    doc = parse_file(path)
    out = render_with_docutils(doc, "html")
    assert "<script" not in out.lower(), "a <script> element in the HTML"
    audit = html_audit.audit(out)
    assert audit.problems == []
    # Elements that the writer makes for the page itself are fine; but none
    # may come from the page's text: its markup always arrives escaped.
    assert not audit.generated_tags & {"script", "iframe", "object", "embed", "base", "form"}
    for secret in _secrets():
        assert secret not in out


def test_so_in_hostile_pages_writes_nothing():
    assert not os.path.exists("/tmp/manlint-hostile-written")
