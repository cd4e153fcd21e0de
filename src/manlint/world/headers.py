"""An index of the names the system's C headers define (#define and enum members).

Built once from /usr/include (libc, kernel uapi and the architecture's
directories, not every library's headers), cached as JSON under the user's
cache directory and keyed by the headers' paths and modification times.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import json
import os
import re
import tempfile

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


class HeaderIndex:
    """name -> header (display path, e.g. 'asm-generic/mman-common.h')."""

    def __init__(self, names: dict[str, str]):
        self.names = names
        self._by_prefix: dict[str, list[str]] = {}
        self._sorted: list[str] | None = None

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def __len__(self) -> int:
        return len(self.names)

    def has_prefix(self, prefix: str) -> bool:
        """True when some defined name starts with ``prefix`` (a bisection over sorted names)."""
        if self._sorted is None:
            self._sorted = sorted(self.names)
        k = bisect.bisect_left(self._sorted, prefix)
        return k < len(self._sorted) and self._sorted[k].startswith(prefix)

    def header(self, name: str) -> str | None:
        return self.names.get(name)

    def closest(self, name: str, avoid: set[str] = frozenset()) -> str | None:
        """The defined name most like ``name``: same prefix, longest shared start, then similarity."""
        prefix = name.split("_", 1)[0] + "_" if "_" in name else name[:2]
        if not self._by_prefix:
            for n in self.names:
                p = n.split("_", 1)[0] + "_" if "_" in n else n[:2]
                self._by_prefix.setdefault(p, []).append(n)
        pool = [n for n in self._by_prefix.get(prefix, ()) if n not in avoid and n != name]
        if not pool:
            return None

        def score(candidate: str) -> tuple:
            shared = len(os.path.commonprefix([candidate, name]))
            return (shared, difflib.SequenceMatcher(None, candidate, name).ratio())

        best = max(pool, key=score)
        shared, ratio = score(best)
        return best if (shared >= len(prefix) + 3 or ratio >= 0.75) else None


def _cache_path(cache_dir: str | None) -> str:
    base = cache_dir or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
                                     "manlint")
    return os.path.join(base, "headers-v2.json")


def build_index(root: str = INCLUDE) -> dict[str, str]:
    names: dict[str, str] = {}
    for path in _header_files(root):
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
    """The index for ``root`` (None when there are no headers); built or read from the cache."""
    if root in _LOADED:
        return _LOADED[root]
    files = _header_files(root)
    if not files:
        return None
    h = hashlib.blake2b(digest_size=16)
    for f in files:
        try:
            h.update(f"{f}:{os.stat(f).st_mtime_ns}\n".encode())
        except OSError:
            pass
    key = h.hexdigest()
    cache = _cache_path(cache_dir)
    names = None
    try:
        with open(cache, encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("key") == key and data.get("root") == root:
            names = data["names"]
    except (OSError, ValueError, KeyError):
        pass
    if names is None:
        names = build_index(root)
        try:
            os.makedirs(os.path.dirname(cache), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(cache), prefix=".headers-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"key": key, "root": root, "names": names}, fh)
            os.replace(tmp, cache)
        except OSError:
            pass
    index = HeaderIndex(names)
    _LOADED[root] = index
    return index
