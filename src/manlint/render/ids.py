"""Ids for anchors: slugs of headings and tag names, made unique per page."""

from __future__ import annotations

import re

from ..man.query import parse_tag
from .runs import clean

_SLUG_BAD = re.compile(r"[^A-Za-z0-9_.\-]+")


def slug(text: str) -> str:
    """An id from a heading or a tag name: 'SEE ALSO' -> 'SEE_ALSO', '--all' -> 'all'.

    ASCII letters, digits, '_', '-' and '.'; other characters become '_';
    leading and trailing punctuation is dropped.  Case is kept (like mandoc).
    """
    got = _SLUGS.get(text)
    if got is None:
        got = _SLUG_BAD.sub("_", clean(text, code=True).strip())
        got = _UNDERSCORES.sub("_", got).lstrip("_.-").rstrip("_.-")
        if len(_SLUGS) >= _CACHE_MAX:
            _SLUGS.clear()
        _SLUGS[text] = got
    return got


_UNDERSCORES = re.compile(r"_+")
_LETTER = re.compile(r"[A-Za-z]")
# Headings and tag names recur from page to page (SEE ALSO, EINVAL...).
_SLUGS: dict = {}
_BASES: dict = {}
_CACHE_MAX = 8192


class IdRegistry:
    """Unique ids: the second 'EINVAL' is 'EINVAL-2', the third 'EINVAL-3'."""

    def __init__(self):
        self.used: set[str] = set()

    def take(self, base: str, fallback: str = "") -> str | None:
        base = base or fallback
        if not base:
            return None
        if base[0].isdigit():
            base = (fallback or "n") + "-" + base
        candidate, k = base, 1
        while candidate in self.used:
            k += 1
            candidate = f"{base}-{k}"
        self.used.add(candidate)
        return candidate


def entry_id_bases(tag_text: str) -> list[str]:
    """Id bases for a tag: the slug of each name in it that has a letter, first name first.

    'MAP_HUGE_2MB, MAP_HUGE_1GB (since Linux 3.8)' -> ['MAP_HUGE_2MB', 'MAP_HUGE_1GB'].
    """
    got = _BASES.get(tag_text)
    if got is None:
        names, _since = parse_tag(tag_text)
        found = []
        for name in names:
            base = slug(name)
            if _LETTER.search(base) and base not in found:
                found.append(base)
        if len(_BASES) >= _CACHE_MAX:
            _BASES.clear()
        got = _BASES[tag_text] = tuple(found)
    return list(got)
