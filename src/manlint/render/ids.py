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
    s = _SLUG_BAD.sub("_", clean(text, code=True).strip())
    s = re.sub(r"_+", "_", s)
    s = s.lstrip("_.-").rstrip("_.-")
    return s


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
    names, _since = parse_tag(tag_text)
    out = []
    for name in names:
        base = slug(name)
        if re.search(r"[A-Za-z]", base) and base not in out:
            out.append(base)
    return out
