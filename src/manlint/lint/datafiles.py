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


# The page a parity entry's "page" is put after, unless it says "whole".
PARITY_HEAD = '.TH FROB 2 2024-01-01 "Linux" "Linux Programmer\'s Manual"\n.SH NAME\nfrob \\- frobnicate\n'


@functools.lru_cache(maxsize=1)
def mandoc_parity() -> tuple[dict, ...]:
    """The mandoc -T lint messages and manlint's answer to each (data/mandoc-parity.toml):
    dicts with "mandoc", "rules" (codes), and "page" (the whole page text) or "differs"."""
    import tomllib
    with open(os.path.join(DATA_DIR, "mandoc-parity.toml"), "rb") as fh:
        table = tomllib.load(fh)
    out = []
    for entry in table["message"]:
        entry = dict(entry)
        entry.setdefault("rules", [])
        if "page" in entry and not entry.pop("whole", False):
            entry["page"] = PARITY_HEAD + entry["page"].lstrip("\n")
        out.append(entry)
    return tuple(out)
