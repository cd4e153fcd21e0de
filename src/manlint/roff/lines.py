"""Logical input lines: physical lines joined at escaped newlines.

A roff line ending in an unescaped backslash continues on the next physical
line; ``\\#`` starts a comment that swallows its newline too.  A logical
line remembers where each physical line starts, so columns map back.
"""

from __future__ import annotations

from bisect import bisect_right

MAX_LINE_LENGTH = 1_000_000


class LogicalLine:
    """One logical input line and where it came from.

    ``breaks``: for joined lines, the offsets in ``text`` where physical
    lines 2, 3... start (a shared empty tuple for the usual single line).
    """
    __slots__ = ("text", "line", "breaks")

    def __init__(self, text: str, line: int, breaks: list[int] | tuple = ()):
        self.text = text
        self.line = line
        self.breaks = breaks

    def __repr__(self) -> str:
        return f"LogicalLine({self.text!r}, {self.line}, {self.breaks!r})"

    def __eq__(self, other) -> bool:
        return (isinstance(other, LogicalLine) and (self.text, self.line, list(self.breaks))
                == (other.text, other.line, list(other.breaks)))

    __hash__ = None

    def locate(self, offset: int) -> tuple[int, int]:
        """Physical (line, col) of a 0-based offset into ``text``."""
        if not self.breaks:
            return self.line, offset + 1
        k = bisect_right(self.breaks, offset)
        start = self.breaks[k - 1] if k else 0
        return self.line + k, offset - start + 1

    @property
    def end_line(self) -> int:
        return self.line + len(self.breaks)


def _comment_start(text: str, esc: str) -> int:
    """Index of an unescaped \\" or \\# comment, or -1."""
    if '"' not in text and "#" not in text:
        return -1  # most lines with escapes: two searches in C instead of a loop over the escapes
    i = text.find(esc)
    while i >= 0:
        if i + 1 < len(text):
            c = text[i + 1]
            if c == '"' or c == "#":
                return i
            i = text.find(esc, i + 2)
        else:
            return -1
    return -1


def _ends_with_escape(text: str, esc: str) -> bool:
    k = len(text)
    while k and text[k - 1] == esc:
        k -= 1
    return (len(text) - k) % 2 == 1


def logical_lines(physical: list[str], first_line: int = 1, esc: str = "\\",
                  cursor: list[int] | None = None):
    """Yield LogicalLine objects; comments are kept (the reader needs them).

    ``cursor``, a one-item list, is the index of the next physical line,
    shared with a caller that takes some lines itself: read before each
    line, written before each yield.
    """
    i = 0
    n = len(physical)
    while True:
        if cursor is not None:
            i = cursor[0]
        if i >= n:
            return
        text = physical[i]
        start = first_line + i
        i += 1
        if esc not in text:
            if cursor is not None:
                cursor[0] = i
            yield LogicalLine(text, start)
            continue
        breaks: list[int] = []
        # Joined pieces are kept apart and only the newest one is searched:
        # each piece ends outside any escape, and searching (or copying) the
        # whole line at every join made many short joined lines quadratic.
        parts: list[str] = []
        size = 0
        while True:
            c = _comment_start(text, esc)
            if c >= 0 and text[c + 1] == "#" and i < n:
                # \# swallows the rest of the line and the newline.
                parts.append(text[:c])
                size += c
                breaks.append(size)
                text = physical[i]
                i += 1
                continue
            if c < 0 and text[-1:] == esc and _ends_with_escape(text, esc) and i < n \
                    and size + len(text) < MAX_LINE_LENGTH:
                parts.append(text[:-1])
                size += len(text) - 1
                breaks.append(size)
                text = physical[i]
                i += 1
                continue
            break
        if parts:
            parts.append(text)
            text = "".join(parts)
        if cursor is not None:
            cursor[0] = i
        yield LogicalLine(text, start, breaks)
