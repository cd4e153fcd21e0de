"""No limit hits a real page: every page of man-pages 5.13 parses (with
.so followed, as for rendering) without one diagnostic of a limit.

The limits are those of the roff reader and the man(7) parser
(roff/reader.py, roff/escapes.py, roff/lines.py, man/parser.py): macro
depth, lines, characters and work, .so depth, definitions size, string
depth and interpolation, request and scope nesting, all reported as
RF021 (expansion-limit), and the input line length, RF034
(line-too-long-input).  Runs in one process (one core); skipped with a
reason when ../shared is absent.
"""

from __future__ import annotations

import os
import time

import pytest

from conftest import CORPUS_513, corpus_files

LIMIT_DIAGNOSTICS = {"expansion-limit", "line-too-long-input"}


def test_no_limit_hits_a_real_page():
    if not os.path.isdir(CORPUS_513):
        pytest.skip(f"{CORPUS_513} is absent (the shared corpus is not on this machine)")
    from manlint.man import parse_file
    paths = corpus_files(CORPUS_513)
    assert len(paths) > 2000, len(paths)
    hits = []
    start = time.monotonic()
    for path in paths:
        doc = parse_file(path)
        for d in doc.diagnostics:
            if d.name in LIMIT_DIAGNOSTICS:
                hits.append(f"{os.path.relpath(path, CORPUS_513)}: {d.code} {d.message}")
    print(f"\n{len(paths)} pages in {time.monotonic() - start:.1f} s, {len(hits)} limit hits")
    assert not hits, hits[:20]
