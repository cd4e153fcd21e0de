"""Finding the pages of one or more manual trees, and telling link pages apart.

A tree is a directory holding ``manN`` directories (``man2/mmap.2``,
``man3/printf.3.gz``); a ``manN`` directory given on its own is a tree of
one section; a directory with no ``manN`` directories at all is searched
for loose ``name.N`` roff files (a project's ``manpages/``).  Every page gets an id, its path without ``.gz`` relative to
the tree (``man2/mmap.2``), which is also where its HTML goes
(``man2/mmap.2.html``), and a cross-reference key ``mmap(2)``.

A link page is a file whose only content, apart from comments and blank
lines, is one ``.so man2/mmap.2`` request.  It is recognised from its bytes
and never parsed: it becomes an alias in the site.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass

from ..roff.decode import read_bytes

# manN, with N a digit or 'n' and an optional suffix (man3p, mann, man8x)
_SECTION_DIR = re.compile(r"^man([0-9n][0-9a-z]*)$")
# name.section[.gz]; the section starts like the directory's
_PAGE_FILE = re.compile(r"^(?P<name>.+)\.(?P<section>[0-9n][0-9a-zA-Z_+-]*)(?P<gz>\.gz)?$")
_SO_LINE = re.compile(rb"^[.'][ \t]*so[ \t]+(\S+)[ \t]*$")
_COMMENT_LINE = re.compile(rb"^(?:[.'][ \t]*)?\\[\"#]|^[.'][ \t]*$")


@dataclass
class PageSource:
    """One page file found in a tree."""
    id: str             # man2/mmap.2 (the path in the tree, without .gz)
    path: str           # the file on disk
    tree: str           # the tree's root directory
    dir: str            # man2
    name: str           # mmap
    section: str        # 2
    digest: str         # content hash of the (gunzipped) bytes
    so: str | None      # for a link page: the raw .so target (man2/mmap.2), else None

    @property
    def key(self) -> str:
        return ref_key(self.name, self.section)

    @property
    def output(self) -> str:
        return f"{self.dir}/{self.name}.{self.section}.html"


def ref_key(name: str, section: str) -> str:
    """The key of a cross-reference: ``mmap(2)``."""
    return f"{name}({section})"


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_page_bytes(path: str) -> bytes:
    """The bytes of a page, gunzipped when it is compressed (and bounded in
    size, as every page manlint reads)."""
    return read_bytes(path)


def so_target(data: bytes) -> str | None:
    """The target of a link page (``man2/mmap.2``), or None for a real page.

    A link page has exactly one ``.so`` line and otherwise only comments and
    blank lines.  Anything else (text, another request) makes it a real page
    that the parser renders, following its ``.so`` includes itself.
    """
    if len(data) > 4096 or b".so" not in data and b"'so" not in data:
        return None
    target = None
    for raw in data.splitlines():
        line = raw.strip()
        if not line or _COMMENT_LINE.match(line):
            continue
        m = _SO_LINE.match(line)
        if m is None or target is not None:
            return None
        target = m.group(1).decode("utf-8", "replace")
    return target


def _section_dirs(tree: str) -> list[tuple[str, str]]:
    """(directory path, directory name) for each manN directory of a tree."""
    base = os.path.basename(os.path.normpath(tree))
    if _SECTION_DIR.match(base):
        return [(tree, base)]
    found = []
    try:
        entries = sorted(os.scandir(tree), key=lambda e: e.name)
    except OSError:
        return []
    for entry in entries:
        if _SECTION_DIR.match(entry.name) and entry.is_dir():
            found.append((entry.path, entry.name))
    return found


def tree_root(tree: str) -> str:
    """The root that ``.so`` paths are relative to: the parent of a manN directory."""
    tree = os.path.abspath(tree)
    return os.path.dirname(tree) if _SECTION_DIR.match(os.path.basename(tree)) else tree


def _candidates(tree: str, warnings: list[str]):
    """(directory name, file entry, name, section) for each page file of a tree.

    A tree with ``manN`` directories gives the files in them whose section
    matches the directory.  A directory without any (``manpages/`` holding
    ``manlint.1`` and ``examples/frobmap.2``) gives every file below it
    named ``name.N`` (N a digit) that starts like roff, filed under ``manN``.
    """
    dirs = _section_dirs(tree)
    if dirs:
        for dpath, dname in dirs:
            for entry in _scan(dpath, warnings):
                m = _PAGE_FILE.match(entry.name)
                if m and entry.is_file() and m.group("section").startswith(dname[3:4]):
                    yield dname, entry, m.group("name"), m.group("section")
        return
    stack = [tree]
    while stack:
        d = stack.pop()
        entries = _scan(d, warnings)
        stack.extend(e.path for e in reversed(entries) if e.is_dir() and not e.name.startswith("."))
        for entry in entries:
            m = _PAGE_FILE.match(entry.name)
            if m is None or not m.group("section")[:1].isdigit() or not entry.is_file():
                continue
            try:
                head = read_page_bytes(entry.path)[:200].lstrip()
            except OSError:
                continue
            if head[:1] in (b".", b"'"):
                yield "man" + m.group("section")[:1], entry, m.group("name"), m.group("section")


def _scan(path: str, warnings: list[str]) -> list:
    try:
        return sorted((e for e in os.scandir(path) if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        warnings.append(f"{path}: cannot read: {exc.strerror or exc}")
        return []


def discover(trees: list[str]) -> tuple[list[PageSource], list[str]]:
    """The pages of the trees, in order, and warnings about shadowed duplicates.

    When two trees hold the same page id, the first tree's page wins.
    """
    pages: list[PageSource] = []
    seen: dict[str, PageSource] = {}
    warnings: list[str] = []
    for tree in trees:
        root = tree_root(tree)
        for dname, entry, name, section in _candidates(tree, warnings):
            page_id = f"{dname}/{name}.{section}"
            if page_id in seen:
                warnings.append(f"{entry.path}: shadowed by {seen[page_id].path}")
                continue
            try:
                data = read_page_bytes(entry.path)
            except OSError as exc:
                warnings.append(f"{entry.path}: cannot read: {getattr(exc, 'strerror', None) or exc}")
                continue
            page = PageSource(id=page_id, path=entry.path, tree=root, dir=dname, name=name,
                              section=section, digest=digest_bytes(data), so=so_target(data))
            seen[page_id] = page
            pages.append(page)
    return pages, warnings
