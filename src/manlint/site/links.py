"""Where a cross-reference goes: resolving ``name(section)`` within the site.

A reference resolves when the site has a page with that name and section.
A reference to a link page (an alias) goes straight to the page the alias
leads to, so a reader never sees the redirect; an alias whose chain of
``.so`` targets ends nowhere (or loops) resolves to nothing.

The same resolver runs over the pages of the previous build (from the
manifest) and over the current ones: a page must be rebuilt when any of the
references it made now resolves differently.
"""

from __future__ import annotations

import posixpath
import urllib.parse
from dataclasses import dataclass

MAX_SO_DEPTH = 8


@dataclass(frozen=True)
class Entry:
    id: str             # man2/munmap.2
    key: str            # munmap(2)
    so: str | None      # the target page id of an alias (man2/mmap.2), else None
    output: str         # man2/munmap.2.html


def alias_target_id(page_id: str, raw_target: str) -> str:
    """The page id of a ``.so`` target, relative to the tree root (``man2/mmap.2``).

    A bare file name (``.so mmap.2``) is taken in the page's own directory.
    """
    t = raw_target.replace("\\", "/").strip()
    if t.endswith(".gz"):
        t = t[:-3]
    if "/" not in t:
        t = posixpath.join(posixpath.dirname(page_id), t)
    t = posixpath.normpath(t)
    while t.startswith("./"):
        t = t[2:]
    return t


def quote_output(output: str) -> str:
    """An output path as a URL path: each part percent-encoded where needed."""
    return "/".join(urllib.parse.quote(part, safe="+,@:=-_.~") for part in output.split("/"))


class Resolver:
    def __init__(self, entries):
        self.by_id: dict[str, Entry] = {}
        self.by_key: dict[str, Entry] = {}
        for e in entries:
            self.by_id.setdefault(e.id, e)
            self.by_key.setdefault(e.key, e)
        self._final: dict[str, str | None] = {}

    def final_id(self, page_id: str) -> str | None:
        """The id of the real page that ``page_id`` leads to (itself for a real page)."""
        if page_id in self._final:
            return self._final[page_id]
        seen = []
        current: str | None = page_id
        result = None
        for _ in range(MAX_SO_DEPTH + 1):
            entry = self.by_id.get(current) if current is not None else None
            if entry is None or entry.id in seen:
                break
            if entry.so is None:
                result = entry.id
                break
            seen.append(entry.id)
            current = entry.so
        self._final[page_id] = result
        return result

    def resolve_key(self, key: str) -> str | None:
        """The output path (``man2/mmap.2.html``) of the page a reference key leads to."""
        entry = self.by_key.get(key)
        if entry is None:
            return None
        final = self.final_id(entry.id)
        return self.by_id[final].output if final is not None else None

    def resolve_id(self, page_id: str) -> str | None:
        final = self.final_id(page_id)
        return self.by_id[final].output if final is not None else None

    def table(self) -> dict[str, str]:
        """Every reference key that resolves, with its output path (for the workers)."""
        out = {}
        for key in self.by_key:
            got = self.resolve_key(key)
            if got is not None:
                out[key] = got
        return out


def relative_href(from_output: str, to_output: str) -> str:
    """The href from one output page to another: ``../man2/mmap.2.html``."""
    depth = from_output.count("/")
    return "../" * depth + quote_output(to_output)
