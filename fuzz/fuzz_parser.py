#!/usr/bin/env python3
"""Coverage-guided fuzz target for manlint's reader, man(7) parser, text
renderer, tree dump and lint checker (atheris / libFuzzer).

    python3 fuzz/fuzz_parser.py [libFuzzer options] [CORPUS_DIR...]

Run it through fuzz/run.sh, which sets a corpus, a dictionary and a time
budget.  Any exception that escapes, a RecursionError included, is a crash;
so is a broken tree invariant or a control character in the rendered text.
"""

from __future__ import annotations

import os
import re
import sys

import atheris

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src"))

with atheris.instrument_imports(include=["manlint"]):
    from manlint.lint.checker import Checker
    from manlint.lint.registry import Selection
    from manlint.man import nodes as N
    from manlint.man import parse_bytes
    from manlint.render.text import render_text
    from manlint.render.tree import dump
    # loaded on first use otherwise, and then not instrumented
    import manlint.render.tbl_text  # noqa: F401

# .so targets resolve below this directory: it holds a few small pages that
# include one another (and themselves), so inclusion is fuzzed too.
SO_ROOT = os.path.join(HERE, "so_root")
CHECKER = Checker(Selection())

# C0 controls but newline, DEL and C1: a terminal acts on them.
_BAD_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def check_tree(doc: N.Document) -> None:
    limit = {id(f): len(f.lines) + 1 for f in doc.files}
    stack = [doc]
    while stack:
        node = stack.pop()
        kids = node.all_children()
        for kid in kids:
            if kid.parent is not node:
                raise AssertionError(f"{kid.describe()} has the wrong parent")
            if node.is_inline and not kid.is_inline:
                raise AssertionError(f"block {kid.describe()} inside inline {node.describe()}")
        if node.source is not None and id(node.source) in limit:
            if not 1 <= node.line <= limit[id(node.source)]:
                raise AssertionError(f"{node.describe()} at line {node.line}")
        if node.col < 1:
            raise AssertionError(f"{node.describe()} at column {node.col}")
        stack.extend(kids)


def TestOneInput(data: bytes) -> None:
    doc = parse_bytes(data, "x.1", root=SO_ROOT)
    check_tree(doc)
    dump(doc)
    CHECKER.check(doc)
    text = render_text(doc)
    bad = _BAD_CONTROL.search(text)
    if bad:
        raise AssertionError(f"control character {bad.group()!r} in rendered text")
    text.encode("utf-8")  # no lone surrogates


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
