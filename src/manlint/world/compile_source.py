"""The C code a page shows, as the reader sees it, with a position for every character.

A no-fill block prints one output line per input text line (a macro line
such as ``.BI "int close(int " fd );`` is one output line, however many
continuation lines it took).  ``code_lines`` rebuilds those output lines from
the decoded Text nodes (``.plain``) and keeps, for each character, the page
line and column it came from, so that a compiler message about column 12 of
a translation-unit line can be reported at the right place in the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..man import nodes as N

_BREAKING_REQUESTS = {"sp", "PP", "P", "LP"}


@dataclass
class CodeLine:
    """One output line of code: its text and the page position of each character."""
    text: str
    pos: list[tuple[int, int]] = field(default_factory=list)
    line: int = 0                    # page line where the output line starts
    node: N.Node | None = None       # the TextLine/FontMacro (None for a blank line)

    def at(self, index: int) -> tuple[int, int]:
        """Page (line, col) of character ``index`` (0-based); the line start when out of range."""
        if not self.pos:
            return self.line, 1
        if index < 0:
            index = 0
        if index >= len(self.pos):
            line, col = self.pos[-1]
            return line, col + (index - len(self.pos) + 1)
        return self.pos[index]

    def char_index(self, byte_col: int) -> int:
        """0-based character index of a 1-based byte column of this line in UTF-8."""
        if byte_col <= 1:
            return 0
        prefix = self.text.encode("utf-8", "surrogateescape")[:byte_col - 1]
        return len(prefix.decode("utf-8", "ignore"))


def _align(raw: str, start_col: int, plain: str, line: int) -> list[tuple[int, int]]:
    """Columns in ``raw`` of the characters of ``plain`` (decoded from raw starting at start_col).

    Escapes change lengths (``\\e`` is one character, ``\\(aq`` too); walk the
    raw text and match characters greedily, within a small window.
    """
    out: list[tuple[int, int]] = []
    i = max(0, start_col - 1)
    n = len(raw)
    for ch in plain:
        j = raw.find(ch, i, min(n, i + 8)) if i < n else -1
        if j >= 0:
            out.append((line, j + 1))
            i = j + 1
        else:
            out.append((line, min(i, max(n - 1, 0)) + 1))
            i += 1
    return out


def _runs(node: N.Node) -> tuple[str, list[tuple[int, int]]]:
    text_parts: list[str] = []
    pos: list[tuple[int, int]] = []
    for child in node.children:
        if isinstance(child, (N.Text, N.Reference)):
            plain = child.plain
            if not plain:
                continue
            raw = child.source.line_text(child.line) if child.source is not None else ""
            if isinstance(child, N.Reference):
                cols = [(child.line, child.col + k) for k in range(len(plain))]
            else:
                cols = _align(raw, child.col, plain, child.line)
            text_parts.append(plain)
            pos.extend(cols)
    return "".join(text_parts), pos


def code_lines(block: N.Node, skip=None) -> list[CodeLine]:
    """The output lines of the text below ``block`` (a NoFill, a Section...).

    Paragraph macros and ``.sp`` give a blank line, as they do in no-fill
    mode; comments and other requests give nothing.  ``skip(node)`` may
    return True to leave a subtree out.
    """
    out: list[CodeLine] = []
    pending: list[CodeLine] = []     # a line that ended in \c, waiting for its continuation

    def emit(line: CodeLine) -> None:
        if pending:
            prev = pending.pop()
            prev.text += line.text
            prev.pos.extend(line.pos)
            line = prev
        out.append(line)

    def visit(node: N.Node) -> None:
        if skip is not None and skip(node):
            return
        if isinstance(node, (N.TextLine, N.FontMacro)):
            text, pos = _runs(node)
            line = CodeLine(text, pos, node.line, node)
            if node.joined:
                if pending:
                    prev = pending.pop()
                    prev.text += line.text
                    prev.pos.extend(line.pos)
                    line = prev
                pending.append(line)
            else:
                emit(line)
            return
        if isinstance(node, (N.Comment, N.Table, N.Opaque, N.Macro)):
            return
        if isinstance(node, N.Request):
            if node.name in _BREAKING_REQUESTS:
                out.append(CodeLine("", [], node.line, None))
            return
        if isinstance(node, N.Paragraph) and node.macro:
            out.append(CodeLine("", [], node.line, None))
        kids = node.children if isinstance(node, N.Section) else node.all_children()
        for kid in kids:
            visit(kid)

    if isinstance(block, N.Section):
        for kid in block.children:
            visit(kid)
    else:
        visit(block)
    out.extend(pending)
    return out


def section_code_lines(section: N.Section) -> list[CodeLine]:
    return code_lines(section)
