"""An index of the names the system's C headers define (#define and enum members).

Built once from /usr/include (libc, kernel uapi and the architecture's
directories, not every library's headers), cached as a packed table under the
user's cache directory and keyed by the header directories' modification times.
"""

from __future__ import annotations

import os
import re
try:  # hashlib would load OpenSSL first (5 ms of start-up) for a hash it has built in
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

INCLUDE = "/usr/include"
# Directories of libc and the kernel's user API; other libraries' headers
# (X11, GL, c++ ...) would only add noise to suggestions.
SUBDIRS = ("sys", "bits", "linux", "asm-generic", "asm", "net", "netinet", "netpacket", "arpa",
           "rpc", "scsi", "mtd", "misc", "gnu", "netax25", "netrom", "netipx", "netash",
           "neteconet", "netiucv", "protocols", "nfs", "xen", "rdma", "sound", "drm")
_DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)", re.M)
_ENUM_BLOCK = re.compile(r"\benum\b[^{;]*\{([^}]*)\}", re.S)
_ENUM_ITEM = re.compile(r"\s*([A-Za-z_]\w*)\s*(?:=|$)")
_PREPROCESSOR_LINE = re.compile(r"^[ \t]*#.*$", re.M)
_COMMENTS = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
# Where a name is defined more than once, name the header a reader would use.
_PREFERENCE = ("linux/", "asm-generic/", "asm/", "sys/", "", "bits/")


def _header_files(root: str) -> list[str]:
    files: list[str] = []
    try:
        top = sorted(os.listdir(root))
    except OSError:
        return files
    for name in top:
        path = os.path.join(root, name)
        if name.endswith(".h") and os.path.isfile(path):
            files.append(path)
    dirs = [os.path.join(root, d) for d in SUBDIRS]
    arch = [os.path.join(root, d) for d in top if d.endswith("-linux-gnu")]
    for a in arch:
        dirs += [os.path.join(a, d) for d in SUBDIRS]
        files += [os.path.join(a, n) for n in sorted(os.listdir(a)) if n.endswith(".h")]
    for d in dirs:
        for dirpath, _dirs, names in os.walk(d):
            files.extend(os.path.join(dirpath, n) for n in sorted(names) if n.endswith(".h"))
    return files


def _display(path: str, root: str) -> str:
    rel = os.path.relpath(path, root)
    parts = rel.split(os.sep)
    if parts[0].endswith("-linux-gnu"):
        parts = parts[1:]
    return "/".join(parts)


def _rank(header: str) -> int:
    for k, prefix in enumerate(_PREFERENCE):
        if prefix and header.startswith(prefix):
            return k
    return _PREFERENCE.index("")


def _family(name: str) -> str:
    """The part of a name that groups it with its relatives: 'MAP_' for MAP_FIXED."""
    return name.split("_", 1)[0] + "_" if "_" in name else name[:2]


class HeaderIndex:
    """name -> header (display path, e.g. 'asm-generic/mman-common.h').

    Backed by a packed table (manlint.packed) that also holds, under
    '\0family:' keys, the names of each family, so nothing is unpacked
    whole at start-up.
    """

    def __init__(self, table):
        self._table = table
        self._families: dict[str, list[str]] = {}

    def __contains__(self, name: str) -> bool:
        return not name.startswith("\0") and self._table.get(name) is not None

    def __len__(self) -> int:
        return int(self._table.get("\0count") or 0)

    def __bool__(self) -> bool:  # counting would unpack the whole table
        return bool(self._table)

    def _family_names(self, family: str) -> list[str]:
        names = self._families.get(family)
        if names is None:
            joined = self._table.get("\0family:" + family)
            names = self._families[family] = joined.split("\n") if joined else []
        return names

    def has_prefix(self, prefix: str) -> bool:
        """True when some defined name starts with ``prefix``."""
        return any(n.startswith(prefix) for n in self._family_names(_family(prefix)))

    def header(self, name: str) -> str | None:
        return None if name.startswith("\0") else self._table.get(name)

    def closest(self, name: str, avoid: set[str] = frozenset()) -> str | None:
        """The defined name most like ``name``: same prefix, longest shared start, then similarity."""
        prefix = _family(name)
        pool = [n for n in self._family_names(prefix) if n not in avoid and n != name]
        if not pool:
            return None

        import difflib

        def score(candidate: str) -> tuple:
            shared = len(os.path.commonprefix([candidate, name]))
            return (shared, difflib.SequenceMatcher(None, candidate, name).ratio())

        best = max(pool, key=score)
        shared, ratio = score(best)
        return best if (shared >= len(prefix) + 3 or ratio >= 0.75) else None


def _cache_path(cache_dir: str | None) -> str:
    from .. import packed
    return os.path.join(cache_dir or packed.cache_dir(), "headers-v4.packed")


def _directories(files: list[str], root: str) -> list[str]:
    """Every directory holding a listed header, and the root: their mtimes change when a
    package adds, replaces or removes a header (dpkg renames files into place)."""
    return sorted({root, *(os.path.dirname(f) for f in files)})


def _stamp(root: str, dirs: list[str]) -> str:
    h = blake2b(digest_size=16)
    for d in dirs:
        try:
            h.update(f"{d}:{os.stat(d).st_mtime_ns}\n".encode())
        except OSError:
            h.update(f"{d}:gone\n".encode())
    return f"{root}\0{h.hexdigest()}"


def build_index(root: str = INCLUDE, files: list[str] | None = None) -> dict[str, str]:
    names: dict[str, str] = {}
    for path in (files if files is not None else _header_files(root)):
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
        except OSError:
            continue
        header = _display(path, root)
        found = set(_DEFINE.findall(text))
        if "enum" in text:
            for block in _ENUM_BLOCK.findall(_COMMENTS.sub(" ", text)):
                block = _PREPROCESSOR_LINE.sub(" ", block)
                for part in block.split(","):
                    m = _ENUM_ITEM.match(part)
                    if m:
                        found.add(m.group(1))
        for name in found:
            old = names.get(name)
            if old is None or (_rank(header), len(header)) < (_rank(old), len(old)):
                names[name] = header
    return names


_LOADED: dict[str, HeaderIndex] = {}


def load_index(root: str = INCLUDE, cache_dir: str | None = None) -> HeaderIndex | None:
    """The index for ``root`` (None when there are no headers); built or read from the cache.

    A cached index is checked by the mtimes of the header directories it
    was built from (a few hundred stats), not by reading the tree again.
    """
    from .. import packed
    if root in _LOADED:
        return _LOADED[root]
    cache = _cache_path(cache_dir)
    table = packed.load(cache, None)
    if table is not None:
        dirs = (table.get("\0dirs") or "").split("\n")
        if not (table.key.startswith(root + "\0") and _stamp(root, dirs) == table.key):
            table = None
    if table is None:
        files = _header_files(root)
        if not files:
            return None
        dirs = _directories(files, root)
        stamp = _stamp(root, dirs)
        names = build_index(root, files)
        entries = dict(names)
        families: dict[str, list[str]] = {}
        for n in names:
            families.setdefault(_family(n), []).append(n)
        for family, members in families.items():
            entries["\0family:" + family] = "\n".join(members)
        entries["\0dirs"] = "\n".join(dirs)
        entries["\0count"] = str(len(names))
        table = packed.store(cache, entries, stamp)
    index = HeaderIndex(table)
    _LOADED[root] = index
    return index
