"""Applying patches in memory, the way GNU patch places hunks.

Each hunk is first tried where its header says (moved by the offset the
previous hunks of the same file needed), then at growing distances from
there, first forwards then backwards; when no position matches, up to
``max_fuzz`` context lines are ignored at the ends of the hunk (fuzz 1,
then 2) and the search repeats.  A hunk never lands before the end of the
previous one.  Every hunk reports ``HunkReport(index, offset, fuzz)``.

Pages come from a ``Tree``: a directory, a git revision (``DIR@REV``, read
with ``git show``, nothing checked out) or the system manual (gzip pages).
Patch paths are checked before anything is read: no absolute paths, no
``..``, nothing reached through a symlink, nothing but regular files.
"""

from __future__ import annotations

import gzip
import os
import stat
import subprocess
from typing import NamedTuple

from .model import FileDiff, Hunk, Patch, PatchError
from .paths import DEV_NULL

MAX_FUZZ = 2


class HunkReport(NamedTuple):
    index: int      # 1-based, within its file diff
    offset: int     # lines between where the header put the hunk and where it landed
    fuzz: int       # context lines ignored at each end (0 = exact)


# ---- lines ---------------------------------------------------------------------------

def split_lines(text: str) -> list[str]:
    """Lines with their newlines kept (the last may lack one); only \\n ends a line."""
    out = text.split("\n")
    last = out.pop()
    out = [ln + "\n" for ln in out]
    if last:
        out.append(last)
    return out


def _bare(line: str) -> str:
    return line[:-1] if line.endswith("\n") else line


def _fuzz_split(hunk: Hunk, fuzz: int) -> tuple[int, int, int]:
    """Context lines to ignore at the top and bottom for ``fuzz`` (GNU patch's rule), and
    the hunk's leading context.

    A hunk with less context at one end than at the other sits at the start
    or the end of the file; that end gets a negative figure: it must match there.
    """
    ops = [op for op, _, _ in hunk.lines]
    pre = next((k for k, op in enumerate(ops) if op != " "), len(ops))
    suf = next((k for k, op in enumerate(reversed(ops)) if op != " "), len(ops))
    context = max(pre, suf)
    return fuzz + pre - context, fuzz + suf - context, pre


def _matches(lines: list[str], at: int, pattern: list[str]) -> bool:
    if at < 0 or at + len(pattern) > len(lines):
        return False
    for k, want in enumerate(pattern):
        if _bare(lines[at + k]) != want:
            return False
    return True


def _place(lines: list[str], hunk: Hunk, fuzz: int, frozen: int, last_offset: int) -> int | None:
    """The 0-based line where the whole hunk (ignored context included) goes, or None.

    ``frozen`` counts the page lines already settled by earlier hunks; a
    hunk's leading context may overlap them, its changes may not.
    """
    pf, sf, pre = _fuzz_split(hunk, fuzz)
    top, bottom = max(pf, 0), max(sf, 0)
    pattern = hunk.old_lines
    full = len(pattern)
    body = pattern[top:full - bottom]
    start = hunk.old_start - 1 if hunk.old_count else hunk.old_start
    guess = start + last_offset
    if not full:
        return min(max(guess, frozen), len(lines))
    lowest = max(0, frozen - (pre - pf))
    highest = len(lines) - (full - sf)
    if pf < 0 and hunk.old_start <= 1:            # it must match at the start of the file
        if sf < 0 and (full != len(lines) or pre < frozen):
            return None
        ok = frozen <= pre and 0 <= highest and _matches(lines, 0, pattern[:full - bottom])
        return 0 if ok else None
    if sf < 0:                                    # it must match at the end of the file
        where = len(lines) - full
        return where if where >= lowest and _matches(lines, where + top, body) else None
    reach = max(highest - guess, guess - lowest, 0)
    # Distances at which neither side can be tried are skipped: a header
    # far from the page ('@@ -7777777777777777') is not a loop that long.
    first = reach + 1
    if highest - guess >= max(0, -guess):
        first = min(first, max(0, -guess))
    if guess - lowest >= max(1, guess - highest):
        first = min(first, max(1, guess - highest))
    for dist in range(first, reach + 1):
        if guess + dist <= highest and guess + dist >= 0 and _matches(lines, guess + dist + top, body):
            return guess + dist
        if dist and lowest <= guess - dist <= highest and _matches(lines, guess - dist + top, body):
            return guess - dist
    return None


def _reversed(hunk: Hunk) -> Hunk:
    swap = {"+": "-", "-": "+", " ": " "}
    return Hunk(hunk.new_start, hunk.new_count, hunk.old_start, hunk.old_count,
                [(swap[op], t, n) for op, t, n in hunk.lines], hunk.header_line)


def apply_hunks(lines: list[str], fd: FileDiff, max_fuzz: int = MAX_FUZZ,
                patch_path: str | None = None, force: bool = False) -> tuple[list[str], list[HunkReport]]:
    """Apply ``fd`` to ``lines`` (newlines kept); the new lines and one report per hunk.

    As GNU patch does, when the first hunk does not match exactly anywhere
    but its reverse does, the patch is refused as already applied (unless
    ``force``), before fuzz could apply it a second time.
    """
    pieces: list[tuple[int, int, list[str]]] = []      # (start, end, new lines) in page lines
    reports: list[HunkReport] = []
    frozen = 0
    last_offset = 0
    for index, hunk in enumerate(fd.hunks, 1):
        where = None
        pf0, sf0, pre = _fuzz_split(hunk, 0)
        context = pre - pf0                                # fuzz never ignores more than the context
        for fuzz in range(min(max_fuzz, context) + 1):
            where = _place(lines, hunk, fuzz, frozen, last_offset)
            if where is not None:
                break
            if fuzz == 0 and index == 1 and not force and hunk.new_lines != hunk.old_lines \
                    and _place(lines, _reversed(hunk), 0, 0, 0) is not None:
                raise PatchError(patch_path, hunk.header_line,
                                 f"hunk 1 of {fd.path}: reversed or previously applied patch detected "
                                 f"(its new text is already there)")
        if where is None:
            raise PatchError(patch_path, hunk.header_line,
                             _failure(lines, hunk, index, fd, frozen, min(max_fuzz, context)))
        start = hunk.old_start - 1 if hunk.old_count else hunk.old_start
        piece = _changes(lines, where, hunk)
        if piece is not None:
            pieces.append(piece)
            frozen = piece[1]
        reports.append(HunkReport(index, where - start, fuzz))
        last_offset = where - start
    out: list[str] = []
    pos = 0
    for begin, end, replacement in pieces:
        out.extend(lines[pos:begin])
        out.extend(replacement)
        pos = end
    out.extend(lines[pos:])
    return _fix_last_newline(out, fd), reports


def _changes(lines: list[str], where: int, hunk: Hunk):
    """The part of the page a placed hunk changes: (start, end, new lines); context keeps the page's text."""
    changed = [k for k, (op, _, _) in enumerate(hunk.lines) if op != " "]
    if not changed:
        return None
    first, last = changed[0], changed[-1]
    begin = where + sum(1 for op, _, _ in hunk.lines[:first] if op != "+")
    k = begin
    out: list[str] = []
    final = len(hunk.lines) - 1
    for at, (op, text, _) in enumerate(hunk.lines[first:last + 1], first):
        if op == " ":
            out.append(lines[k] if k < len(lines) else text + "\n")
            k += 1
        elif op == "-":
            k += 1
        else:     # "\ No newline at end of file" after the hunk's last line, when it is an added one
            out.append(text if at == final and hunk.new_no_newline else text + "\n")
    return begin, k, out


def _fix_last_newline(out: list[str], fd: FileDiff) -> list[str]:
    """A line that lost its place at the end of the page (lines were added after it) gets a newline."""
    for k in range(len(out) - 1):
        if not out[k].endswith("\n"):
            out[k] += "\n"
    return out


def _failure(lines, hunk: Hunk, index: int, fd: FileDiff, floor: int, fuzz: int) -> str:
    label = f"hunk {index} of {fd.path}"
    new = hunk.new_lines
    if new and any(_matches(lines, at, new) for at in range(max(0, floor), len(lines) - len(new) + 1)):
        return f"{label} does not apply: its new text is already there (reversed or previously applied patch?)"
    return (f"{label} does not apply: its context (line {hunk.old_start}, {hunk.old_count} lines) "
            f"is not found{f', even with fuzz {fuzz}' if fuzz else ''}")


def apply_file_diff(text: str | None, fd: FileDiff, max_fuzz: int = MAX_FUZZ,
                    patch_path: str | None = None, force: bool = False) -> tuple[str | None, list[HunkReport]]:
    """Apply one file diff to a page's text; None stands for a missing (or deleted) file."""
    if fd.deleted_file:
        lines = split_lines(text or "")
        new_lines, reports = apply_hunks(lines, fd, max_fuzz, patch_path, force)
        if "".join(new_lines).strip():
            raise PatchError(patch_path, fd.header_line,
                             f"{fd.path}: the patch deletes this file but it keeps text the patch does not remove")
        return None, reports
    new_lines, reports = apply_hunks(split_lines(text or ""), fd, max_fuzz, patch_path, force)
    return "".join(new_lines), reports


# ---- paths ---------------------------------------------------------------------------

def check_path(path: str, where: str | None = None, line: int | None = None) -> str:
    """A patch path made safe to use under a tree root, or PatchError."""
    if not path or path == DEV_NULL:
        raise PatchError(where, line, "patch names no file")
    if "\0" in path:
        raise PatchError(where, line, f"refusing path {path!r}: it holds a NUL byte")
    if path.startswith("/") or path.startswith("\\") or (len(path) > 1 and path[1] == ":"):
        raise PatchError(where, line, f"refusing absolute path {path}")
    parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".")]
    if ".." in parts:
        raise PatchError(where, line, f"refusing path {path}: it climbs out of the tree with '..'")
    if not parts:
        raise PatchError(where, line, f"refusing path {path!r}: it names the tree itself")
    return "/".join(parts)


# ---- trees ---------------------------------------------------------------------------

def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")


class Tree:
    """Where pages are read from.  ``read`` gives None for a missing page."""

    name = "<tree>"

    def read(self, path: str) -> str | None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


class DirTree(Tree):
    """A directory; a page missing as such is looked for gzip-compressed (``NAME.gz``)."""

    def __init__(self, root: str):
        if not os.path.isdir(root):
            raise PatchError(root, None, "tree is not a directory")
        self.root = os.path.realpath(root)
        self.name = root

    def _walk(self, rel: str, line_where=(None, None)) -> str | None:
        """The real file for ``rel``: None when absent; PatchError when it is unsafe."""
        where, line = line_where
        rel = check_path(rel, where, line)
        parts = rel.split("/")
        here = self.root
        for k, part in enumerate(parts):
            here = os.path.join(here, part)
            try:
                st = os.lstat(here)
            except FileNotFoundError:
                if k == len(parts) - 1:
                    return None
                return None
            except NotADirectoryError:
                return None
            if stat.S_ISLNK(st.st_mode):
                target = os.readlink(here)
                raise PatchError(where, line, f"refusing path {rel}: {'/'.join(parts[:k + 1])} is a "
                                              f"symlink (to {target}) in {self.name}")
            if k < len(parts) - 1:
                if not stat.S_ISDIR(st.st_mode):
                    return None
            elif not stat.S_ISREG(st.st_mode):
                kind = ("a directory" if stat.S_ISDIR(st.st_mode) else
                        "a device file" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                        "a FIFO" if stat.S_ISFIFO(st.st_mode) else
                        "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
                raise PatchError(where, line, f"refusing path {rel}: it is {kind} in {self.name}")
        return here

    def locate(self, path: str, where: str | None = None, line: int | None = None) -> str | None:
        found = self._walk(path, (where, line))
        if found is None and not path.endswith(".gz"):
            found = self._walk(path + ".gz", (where, line))
        return found

    def read(self, path: str, where: str | None = None, line: int | None = None) -> str | None:
        found = self.locate(path, where, line)
        if found is None:
            return None
        with open(found, "rb") as fh:
            data = fh.read()
        if found.endswith(".gz") or data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError) as exc:
                raise PatchError(where, line, f"{path}: cannot decompress {found}: {exc}") from None
        return _decode(data)


class SystemManTree(DirTree):
    """The installed manual, e.g. /usr/share/man: man2/mmap.2 is man2/mmap.2.gz."""

    def __init__(self, root: str = "/usr/share/man"):
        super().__init__(root)


class GitTree(Tree):
    """A git repository at a revision: files come from ``git show REV:PATH``; nothing is checked out."""

    def __init__(self, repo: str, rev: str):
        self.repo, self.rev = repo, rev
        self.name = f"{repo}@{rev}"
        if not os.path.isdir(repo):
            raise PatchError(self.name, None, "tree is not a directory")
        res = self._git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        if res.returncode != 0:
            raise PatchError(self.name, None, f"no revision {rev!r} in git repository {repo}")
        self.commit = res.stdout.decode().strip()

    def _git(self, *args: str) -> subprocess.CompletedProcess:
        try:
            return subprocess.run(["git", "-C", self.repo, *args], capture_output=True, check=False)
        except FileNotFoundError:
            raise PatchError(self.name, None, "git is not installed") from None

    def _mode(self, rel: str, where, line) -> str | None:
        """The git mode of a path at the revision (a path inside a symlink or a file has none)."""
        res = self._git("ls-tree", "-z", self.commit, "--", rel)
        if res.returncode != 0:
            raise PatchError(where, line, f"{self.name}: git ls-tree failed: "
                                          f"{res.stderr.decode(errors='replace').strip()}")
        for item in res.stdout.split(b"\0"):
            if item:
                meta, name = item.split(b"\t", 1)
                if name.decode("utf-8", "surrogateescape") == rel:
                    return meta.split()[0].decode()
        return None

    def read(self, path: str, where: str | None = None, line: int | None = None) -> str | None:
        rel = check_path(path, where, line)
        parts = rel.split("/")
        prefixes = ["/".join(parts[:k + 1]) for k in range(len(parts))]
        mode = self._mode(rel, where, line)
        if mode is None:
            # absent, or behind a symlink or a file: say which
            for pre in prefixes[:-1]:
                m = self._mode(pre, where, line)
                if m == "120000":
                    raise PatchError(where, line, f"refusing path {rel}: {pre} is a symlink in {self.name}")
                if m != "040000":
                    return None
            return None
        if mode == "120000":
            raise PatchError(where, line, f"refusing path {rel}: {rel} is a symlink in {self.name}")
        if mode == "160000":
            raise PatchError(where, line, f"refusing path {rel}: it is a submodule in {self.name}")
        if mode == "040000":
            raise PatchError(where, line, f"refusing path {rel}: it is a directory in {self.name}")
        res = self._git("show", f"{self.commit}:{rel}")
        if res.returncode != 0:
            return None
        return _decode(res.stdout)


def open_tree(spec: str) -> Tree:
    """``DIR``, ``DIR@REV`` (a git revision) or the system manual directory."""
    if os.path.isdir(spec):
        if os.path.realpath(spec) in ("/usr/share/man", "/usr/local/share/man", "/usr/man"):
            return SystemManTree(spec)
        return DirTree(spec)
    if "@" in spec:
        repo, rev = spec.rsplit("@", 1)
        if repo and rev and os.path.isdir(repo):
            return GitTree(repo, rev)
    raise PatchError(spec, None, "no such directory (give DIR or DIR@REV)")


# ---- series --------------------------------------------------------------------------

def _read(tree: Tree, current: dict, results: dict, path: str, where: str, line: int) -> str | None:
    """A page as the series has made it so far (first read from the tree)."""
    if path in current:
        return current[path]
    text = tree.read(path, where, line)
    current[path] = text
    results.setdefault(path, (text, text, []))
    return text


def apply_series(tree: Tree, patches, max_fuzz: int = MAX_FUZZ, force: bool = False) -> dict:
    """Apply patches in order, in memory.  ``{path: (old_text, new_text, [HunkReport])}``.

    ``old_text`` is the page as the tree has it (None for a page the series
    creates); ``new_text`` the page after the series (None when deleted).
    The reports of a page's hunks follow the order they were applied in.
    Nothing is written.
    """
    if isinstance(patches, Patch):
        patches = [patches]
    current: dict[str, str | None] = {}
    results: dict[str, tuple] = {}
    for patch in patches:
        for fd in patch.files:
            where, line = patch.source_path, fd.header_line
            target = check_path(fd.path, where, line)
            src = fd.source
            if src is not None:
                src = check_path(src, where, line)
                before = _read(tree, current, results, src, where, line)
                if before is None:
                    raise PatchError(where, line, f"{src}: no such file in {tree.name}")
            else:
                existing = _read(tree, current, results, target, where, line)
                if existing is not None and (existing.strip() or fd.hunks):
                    raise PatchError(where, line, f"{target}: the patch creates this file "
                                                  f"but it already exists in {tree.name}")
                before = ""
            new_text, reports = apply_file_diff(before, fd, max_fuzz, where, force)
            if src is not None and src != target:          # a rename (or copy) moves the page
                if fd.rename:
                    old, _, reps = results[src]
                    results[src] = (old, None, reps)
                    current[src] = None
                _read(tree, current, results, target, where, line)
            old, _, reps = results[target]
            results[target] = (old, new_text, reps + reports)
            current[target] = new_text
    return results


def write_tree(results: dict, dest_dir: str) -> list[str]:
    """Write the new texts of ``apply_series`` under ``dest_dir`` (atomically); delete deleted pages."""
    from ..fileio import write_atomic
    if not os.path.isdir(dest_dir):
        raise PatchError(dest_dir, None, "destination is not a directory")
    dest = DirTree(dest_dir)
    written: list[str] = []
    for path, (old, new, _) in results.items():
        rel = check_path(path, dest_dir)
        existing = dest._walk(rel, (dest_dir, None))       # refuses symlinks and devices
        full = os.path.join(dest.root, *rel.split("/"))
        if new is None:
            if existing is not None:
                os.unlink(existing)
                written.append(rel)
            continue
        _make_dirs(dest, os.path.dirname(rel))
        write_atomic(full if existing is None else existing, new)
        written.append(rel)
    return written


def _make_dirs(dest: DirTree, rel_dir: str) -> None:
    here = dest.root
    for part in [p for p in rel_dir.split("/") if p]:
        here = os.path.join(here, part)
        try:
            st = os.lstat(here)
        except FileNotFoundError:
            os.mkdir(here)
            continue
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
            raise PatchError(dest.name, None, f"refusing to write under {here}: not a plain directory")
