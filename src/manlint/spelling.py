"""An English word list for prose that codespell's list of known typos does not cover.

The words come from pyspellchecker's English dictionary; loading its JSON
takes most of a second, so the list is kept packed in the cache directory
(manlint.packed, keyed by the package version).
Used for commit messages, where any unknown word is worth a look.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import string

_LETTERS = string.ascii_lowercase
# The characters of C identifiers and page names, lowercased: what a slip in a name types.
NAME_CHARS = string.ascii_lowercase + "_" + string.digits


@functools.lru_cache(maxsize=1)
def known_words():
    """The English words (a container supporting ``in``); empty without pyspellchecker."""
    return english_words(0)


@functools.lru_cache(maxsize=4)
def english_words(min_count: int):
    """pyspellchecker's English words seen at least ``min_count`` times in its
    corpus (a packed table, cached by the list's size and mtime); empty
    without pyspellchecker."""
    import importlib.util

    from . import packed
    spec = importlib.util.find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = os.path.join(list(spec.submodule_search_locations)[0], "resources", "en.json.gz")
    try:
        st = os.stat(path)
    except OSError:
        return frozenset()
    key = f"{path}:{st.st_size}:{st.st_mtime_ns}" + (f":{min_count}" if min_count else "")
    cache = packed.cache_file("words-en-v3" if not min_count else f"words-en-common-{min_count}-v1", path)
    table = packed.load(cache, key)
    if table is not None:
        return table
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            freq = json.load(fh)
    except (OSError, ValueError):
        return frozenset()
    return packed.store(cache, {w: "" for w, n in freq.items() if n >= min_count}, key)


def edits1(word: str, letters: str = _LETTERS):
    """Every string one letter dropped, swapped, changed or added away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for a, b in splits:
        if b:
            yield a + b[1:]
        if len(b) > 1:
            yield a + b[1] + b[0] + b[2:]
        for c in letters:
            if b:
                yield a + c + b[1:]
            yield a + c + b


def suggestion(word: str) -> str | None:
    """A known word one edit away from an unknown ``word``; None if known or nothing close."""
    words = known_words()
    lower = word.lower()
    if not words or lower in words:
        return None
    close = sorted({w for w in edits1(lower) if w in words})
    # Prefer a word that keeps the first letter and only adds one (typing slips drop letters).
    close.sort(key=lambda w: (w[:1] != lower[:1], len(w) != len(lower) + 1))
    return close[0] if close else None
