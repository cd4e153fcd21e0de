"""The word lists shipped with the lint rules (lint/data/*.txt)."""

from __future__ import annotations

import functools
import os

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


@functools.lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The words of data/``name``, one a line, '#' comments and blank lines left out;
    empty when the file is missing."""
    try:
        with open(os.path.join(DATA_DIR, name), encoding="utf-8") as fh:
            return frozenset(w.strip() for w in fh if w.strip() and not w.startswith("#"))
    except OSError:
        return frozenset()
