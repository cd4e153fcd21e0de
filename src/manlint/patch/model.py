"""The objects a patch is read into: ``Patch``, its ``Message``, its ``FileDiff``s and their ``Hunk``s.

A ``Patch`` holds the mail message that carried it (subject, author, date,
body, Signed-off-by lines; None for a bare diff) and the file diffs of its
unified diff, each a list of hunks with the patch-file line of every line.
``PatchError`` is the one error reading or applying a patch raises: its
``str()`` is one line, ``path:line: message``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from .paths import DEV_NULL, strip_paths

_SUBJECT_TAG = re.compile(r"^\s*(?:re:\s*)*\[[^\]]*\]\s*", re.IGNORECASE)


class PatchError(Exception):
    """A patch that cannot be read or applied.  ``str()`` is one line: ``path:line: message``."""

    def __init__(self, path: str | None, line: int | None, message: str):
        super().__init__(message)
        self.path = path or "<patch>"
        self.line = line
        self.message = " ".join(str(message).split())

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"


@dataclass
class Message:
    subject: str
    author: str
    date: str
    body: str
    signed_off_by: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """The subject without its ``[PATCH n/m]`` prefix."""
        return _SUBJECT_TAG.sub("", self.subject, count=1).strip()


@dataclass
class Hunk:
    old_start: int
    old_count: int
    new_start: int
    new_count: int
    lines: list[tuple[str, str, int]]      # (' '|'+'|'-', text, line number in the patch file)
    header_line: int
    section: str = ""                      # the text after the closing @@
    old_no_newline: bool = False           # "\ No newline at end of file" on the old side
    new_no_newline: bool = False

    @property
    def old_lines(self) -> list[str]:
        return [t for op, t, _ in self.lines if op != "+"]

    @property
    def new_lines(self) -> list[str]:
        return [t for op, t, _ in self.lines if op != "-"]


@dataclass
class FileDiff:
    old_path: str            # as written, "a/man2/mmap.2" or "/dev/null"
    new_path: str
    hunks: list[Hunk] = field(default_factory=list)
    header_line: int = 0
    git: bool = False
    new_file: bool = False
    deleted_file: bool = False
    rename: bool = False

    @property
    def path(self) -> str:
        """The page the diff is for, relative to the tree: a/ and b/ stripped (p1)."""
        old, new = strip_paths(self.old_path, self.new_path)
        return old if self.deleted_file or new == DEV_NULL else new

    @property
    def source(self) -> str | None:
        """The page the diff reads (differs from ``path`` for a rename); None for a new file."""
        old, new = strip_paths(self.old_path, self.new_path)
        return None if self.new_file or old == DEV_NULL else old


@dataclass
class Patch:
    message: Message | None
    files: list[FileDiff]
    source_path: str
    start_line: int = 1
    number: int | None = None     # n of "[PATCH n/m]"
    total: int | None = None

    @property
    def name(self) -> str:
        base = os.path.basename(self.source_path)
        return f"{base} [{self.number}/{self.total}]" if self.number and self.total else base
