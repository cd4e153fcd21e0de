"""Source files and positions.

Positions are 1-based lines and 1-based columns counted in characters of the
decoded text.  A node or diagnostic keeps the ``SourceFile`` it came from, so
text pulled in by ``.so`` still points at the file that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass


class SourceFile:
    """A decoded input file: its display path, its text and its lines."""

    __slots__ = ("path", "text", "lines", "encoding")

    def __init__(self, path: str, text: str, encoding: str = "utf-8"):
        self.path = path
        self.text = text
        self.encoding = encoding
        # Keep line texts without their newline; a trailing newline does not
        # start another line.
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        self.lines = lines

    def line_text(self, line: int) -> str:
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1]
        return ""

    def __repr__(self) -> str:
        return f"SourceFile({self.path!r}, {len(self.lines)} lines)"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where expanded text was defined: a user macro, a string or a .so file.

    ``kind`` is ``"macro"``, ``"string"`` or ``"so"``; ``name`` the macro or
    string name (or the .so target); ``source``/``line`` the definition
    (``source`` is None for predefined strings).  ``parent`` chains nested
    expansions (a macro that uses a string, ...).
    """

    kind: str
    name: str
    source: SourceFile | None
    line: int
    parent: "Origin | None" = None

    def describe(self) -> str:
        where = f"{self.source.path}:{self.line}" if self.source else "predefined"
        return f"{self.kind} {self.name!r} defined at {where}"
