"""Which manual pages exist: the tree being linted, then the system's manpath.

Built from directory listings, once per tree root; one page is read, on
demand: syscalls(2), which lists system calls that have no page of their own.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import subprocess

_SUFFIXES = (".gz", ".bz2", ".xz", ".zst", ".Z")


def _strip(name: str) -> str:
    if not name.endswith(_SUFFIXES):
        return name  # (most names: one test in C)
    for s in _SUFFIXES:
        if name.endswith(s):
            return name[: -len(s)]
    return name


def section_dirs(root: str) -> list[str]:
    """The man* directories of a manual root, sorted."""
    try:
        entries = sorted(os.listdir(root))
    except OSError:
        return []
    return [os.path.join(root, d) for d in entries
            if d.startswith("man") and os.path.isdir(os.path.join(root, d))]


def _scan(root: str, into: dict[str, set[str]], dirs: list[str] | None = None) -> None:
    for d in section_dirs(root) if dirs is None else dirs:
        try:
            names = os.listdir(d)
        except OSError:
            continue
        for n in names:
            base, dot, sect = _strip(n).rpartition(".")
            if dot and base:
                into.setdefault(base, set()).add(sect)


def dirs_stamp(root: str, dirs: list[str]) -> str:
    """What a cache built from ``dirs`` is keyed by: their mtimes, which change
    whenever a package adds or removes a page."""
    parts = [root]
    for d in [root, *dirs]:
        try:
            parts.append(f"{d}:{os.stat(d).st_mtime_ns}")
        except OSError:
            parts.append(f"{d}:gone")
    return "\n".join(parts)


@functools.lru_cache(maxsize=16)
def _cached_scan(root: str) -> dict[str, str]:
    """name -> space-separated sections for a system root, from a packed cache.

    /usr/share/man lists 20,000 pages: scanning it costs more than checking
    a patch.  The cache is keyed by the mtimes of the root and its man*
    directories, which change whenever a package adds or removes a page.
    A process reads it once: each page's tree makes an index of its own.
    """
    from .. import packed
    dirs = section_dirs(root)
    stamp = dirs_stamp(root, dirs)
    path = packed.cache_file("pages", root)
    table = packed.load(path, stamp)
    if table is None:
        found: dict[str, set[str]] = {}
        _scan(root, found, dirs)
        table = packed.store(path, {n: " ".join(sorted(s)) for n, s in found.items()}, stamp)
    return table


def system_manpath() -> list[str]:
    return list(_manpath(os.environ.get("MANPATH")))


@functools.lru_cache(maxsize=8)
def _manpath(env: str | None) -> tuple[str, ...]:
    # Asked for every page a rule checks: manpath(1) runs once a process.
    if env:
        return tuple(p for p in env.split(":") if p)
    try:
        out = subprocess.run(["manpath", "-q"], capture_output=True, text=True, timeout=5).stdout.strip()
        if out:
            return tuple(p for p in out.split(":") if p)
    except (OSError, subprocess.SubprocessError):
        pass
    return ("/usr/share/man", "/usr/local/share/man")


class PageIndex:
    """Which pages exist under some roots: the tree of the page (scanned) and
    the system's manpath (cached, see _cached_scan)."""

    def __init__(self, roots: list[str], cached: frozenset[str] = frozenset()):
        self.roots = roots
        self._scanned: dict[str, set[str]] = {}
        self._tables = []
        for r in roots:
            if r in cached:
                self._tables.append(_cached_scan(r))
            else:
                _scan(r, self._scanned)
        self._pages: dict[str, set[str]] | None = None
        self._names_in: dict[str, NameSet] = {}
        self._sections: dict[str, frozenset[str]] = {}  # name -> sections (see sections)
        self._system_calls: frozenset[str] | None = None

    def listed_system_calls(self) -> frozenset[str]:
        """The calls syscalls(2) lists, from the first root that has that page.
        Some have no page of their own (Alpha's getxpid() is described in
        getpid(2)), so a name missing from the index may still be a real call."""
        if self._system_calls is None:
            self._system_calls = frozenset()
            for root in self.roots:
                text = _read_page(os.path.join(root, "man2", "syscalls.2"))
                if text is not None:
                    self._system_calls = frozenset(_LISTED_CALL.findall(text))
                    break
        return self._system_calls

    def sections(self, name: str) -> set[str]:
        """The sections in which a page ``name`` exists (empty when none)."""
        # Remembered per name: the pages of a run ask for the same names again
        # and again, and each asking looked in every table.
        known = self._sections.get(name)
        if known is None:
            found = set(self._scanned.get(name, ()))
            for table in self._tables:
                sects = table.get(name)
                if sects:
                    found.update(sects.split())
            known = self._sections[name] = frozenset(found)
        return set(known)

    def __contains__(self, name: str) -> bool:
        return bool(self.sections(name))

    def __bool__(self) -> bool:
        return bool(self._scanned) or any(self._tables)

    @property
    def pages(self) -> dict[str, set[str]]:
        """Every page name with its sections (unpacks the caches: for suggestions only)."""
        if self._pages is None:
            pages = {n: set(s) for n, s in self._scanned.items()}
            for table in self._tables:
                for n, sects in table.items():
                    pages.setdefault(n, set()).update(sects.split())
            self._pages = pages
        return self._pages

    def names_in(self, sections: str) -> "NameSet":
        """The names with a page in one of ``sections`` (first characters, "23")."""
        # Asked once a section folder (man1, man2...) of the tree: the set is made once.
        found = self._names_in.get(sections)
        if found is None:
            names = []
            for n, sects in self._scanned.items():  # (loops: no generator per name)
                for x in sects:
                    if x[:1] in sections:
                        names.append(n)
                        break
            own = frozenset(names)
            found = self._names_in[sections] = NameSet(own, self._tables, sections)
        return found

    def exists(self, name: str, section: str) -> bool:
        sects = self.sections(name)
        if not sects:
            return False
        # "3" matches "3", "3p", "3type" ...; "3p" needs "3p".
        return section in sects or any(s.startswith(section) for s in sects) or \
            (len(section) > 1 and section[:1] in sects and section[1:] in ("posix",))

    def suggestion(self, name: str, section: str) -> str | None:
        sects = self.sections(name)
        if sects:
            return f"{name}({sorted(sects)[0]})"
        same = [n for n, s in self.pages.items() if any(x.startswith(section[:1]) for x in s)]
        close = difflib.get_close_matches(name, same, n=1, cutoff=0.8)
        if close:
            return f"{close[0]}({section})"
        return None


# A row of the syscalls(2) table: \fBname\fP(2).
_LISTED_CALL = re.compile(r"\\fB(\w+)\\f[PR]\(2\)")


def _read_page(path: str) -> str | None:
    """The text of a page, compressed with gzip or not; None when there is none
    or it cannot be read (the check goes on without the names it lists)."""
    from ..roff.decode import read_bytes
    for name in (path, path + ".gz"):
        try:
            return read_bytes(name).decode("utf-8", errors="replace")
        except OSError:
            continue
    return None


class NameSet:
    """Membership in the names that have a page in some sections: the tree's,
    collected, and the system tables', asked name by name (a hash lookup in
    the packed table: unpacking its 20,000 names costs more than linting a page)."""

    __slots__ = ("own", "tables", "sections")

    def __init__(self, own: frozenset[str], tables: list, sections: str):
        self.own, self.tables, self.sections = own, tables, sections

    def __contains__(self, name: str) -> bool:
        if name in self.own:
            return True
        for table in self.tables:
            found = table.get(name)
            if found and any(s[:1] in self.sections for s in found.split()):
                return True
        return False

    def among(self, candidates: set[str]) -> set[str]:
        """The ``candidates`` that are in the set.  For many candidates (a
        name's near misses) one intersection in C with each table's names
        beats a lookup apiece; only the hits are looked up for their sections."""
        found = candidates & self.own
        encoded = {c.encode("utf-8", "surrogatepass"): c for c in candidates}
        for table in self.tables:
            # (frozenset.intersection walks the few candidates; "keys() & names()"
            # walked all the table's names, a frozenset not being a set.)
            for raw in table.names().intersection(encoded):
                if encoded[raw] in self:
                    found.add(encoded[raw])
        return found


_CACHE: dict[tuple, PageIndex] = {}


def page_index(tree_root: str | None, search_path: list[str] | None = None) -> PageIndex:
    roots = ([tree_root] if tree_root else []) + (search_path if search_path is not None else system_manpath())
    key = tuple(os.path.abspath(r) for r in roots)
    idx = _CACHE.get(key)
    if idx is None:
        system = frozenset(os.path.abspath(r) for r in (search_path if search_path is not None
                                                          else system_manpath()))
        idx = _CACHE[key] = PageIndex(list(key), cached=system)
    return idx
