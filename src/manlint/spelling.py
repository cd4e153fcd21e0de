"""An English word list for prose that codespell's list of known typos does not cover.

The words come from pyspellchecker's English dictionary; loading its JSON
takes most of a second, so the list is kept as a marshal file in the cache
directory (keyed by the package version).
Used for commit messages, where any unknown word is worth a look.
"""

from __future__ import annotations

import functools
import gzip
import json
import marshal
import os
import string

_LETTERS = string.ascii_lowercase


def _cache_file() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "manlint", "words-en-v2.marshal")


@functools.lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    try:
        import spellchecker
    except ImportError:
        return frozenset()
    version = getattr(spellchecker, "__version__", "")
    cache = _cache_file()
    try:
        with open(cache, "rb") as fh:
            stored_version, joined = marshal.load(fh)
        if stored_version == version and isinstance(joined, str):
            return frozenset(joined.split("\n"))
    except (OSError, ValueError, EOFError, TypeError):
        pass
    path = os.path.join(os.path.dirname(spellchecker.__file__), "resources", "en.json.gz")
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            table = json.load(fh)
    except (OSError, ValueError):
        return frozenset()
    joined = "\n".join(sorted(table))
    try:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        tmp = cache + f".{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            marshal.dump((version, joined), fh)
        os.replace(tmp, cache)
    except OSError:
        pass
    return frozenset(table)


def _edits1(word: str):
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for a, b in splits:
        if b:
            yield a + b[1:]
        if len(b) > 1:
            yield a + b[1] + b[0] + b[2:]
        for c in _LETTERS:
            if b:
                yield a + c + b[1:]
            yield a + c + b


def suggestion(word: str) -> str | None:
    """A known word one edit away from an unknown ``word``; None if known or nothing close."""
    words = known_words()
    lower = word.lower()
    if not words or lower in words:
        return None
    close = sorted({w for w in _edits1(lower) if w in words})
    # Prefer a word that keeps the first letter and only adds one (typing slips drop letters).
    close.sort(key=lambda w: (w[:1] != lower[:1], len(w) != len(lower) + 1))
    return close[0] if close else None
