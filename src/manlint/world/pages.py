"""Which manual pages exist: the tree being linted, then the system's manpath.

Built from directory listings only (no page is read), once per tree root.
"""

from __future__ import annotations

import difflib
import os
import subprocess

_SUFFIXES = (".gz", ".bz2", ".xz", ".zst", ".Z")


def _strip(name: str) -> str:
    for s in _SUFFIXES:
        if name.endswith(s):
            return name[: -len(s)]
    return name


def _scan(root: str, into: dict[str, set[str]]) -> None:
    try:
        entries = os.listdir(root)
    except OSError:
        return
    for d in entries:
        if not d.startswith("man") or not os.path.isdir(os.path.join(root, d)):
            continue
        try:
            names = os.listdir(os.path.join(root, d))
        except OSError:
            continue
        for n in names:
            base, dot, sect = _strip(n).rpartition(".")
            if dot and base:
                into.setdefault(base, set()).add(sect)


def system_manpath() -> list[str]:
    env = os.environ.get("MANPATH")
    if env:
        return [p for p in env.split(":") if p]
    try:
        out = subprocess.run(["manpath", "-q"], capture_output=True, text=True, timeout=5).stdout.strip()
        if out:
            return [p for p in out.split(":") if p]
    except (OSError, subprocess.SubprocessError):
        pass
    return ["/usr/share/man", "/usr/local/share/man"]


class PageIndex:
    def __init__(self, roots: list[str]):
        self.roots = roots
        self.pages: dict[str, set[str]] = {}
        for r in roots:
            _scan(r, self.pages)

    def exists(self, name: str, section: str) -> bool:
        sects = self.pages.get(name)
        if not sects:
            return False
        # "3" matches "3", "3p", "3type" ...; "3p" needs "3p".
        return section in sects or any(s.startswith(section) for s in sects) or \
            (len(section) > 1 and section[:1] in sects and section[1:] in ("posix",))

    def suggestion(self, name: str, section: str) -> str | None:
        sects = self.pages.get(name)
        if sects:
            return f"{name}({sorted(sects)[0]})"
        same = [n for n, s in self.pages.items() if any(x.startswith(section[:1]) for x in s)]
        close = difflib.get_close_matches(name, same, n=1, cutoff=0.8)
        if close:
            return f"{close[0]}({section})"
        return None


_CACHE: dict[tuple, PageIndex] = {}


def page_index(tree_root: str | None, search_path: list[str] | None = None) -> PageIndex:
    roots = ([tree_root] if tree_root else []) + (search_path if search_path is not None else system_manpath())
    key = tuple(os.path.abspath(r) for r in roots)
    idx = _CACHE.get(key)
    if idx is None:
        idx = _CACHE[key] = PageIndex(list(key))
    return idx
