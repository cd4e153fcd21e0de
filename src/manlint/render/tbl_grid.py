"""The character grid on which render/tbl_text.py draws a table: text,
and box-drawing characters combined the way grotty combines them (for a
cell, the first vertical line drawn through it decides its up/down arms,
the last horizontal line its left/right arms).
"""

from __future__ import annotations

import unicodedata

__all__ = ["Grid", "display_width"]

_BOX = {
    (None, "LR"): "─", ("UD", None): "│",
    (None, "L"): "─", (None, "R"): "─", ("U", None): "│", ("D", None): "│",
    ("D", "R"): "┌", ("D", "L"): "┐", ("D", "LR"): "┬",
    ("U", "R"): "└", ("U", "L"): "┘", ("U", "LR"): "┴",
    ("UD", "R"): "├", ("UD", "L"): "┤", ("UD", "LR"): "┼",
}


def display_width(text: str) -> int:
    """Cells a text takes in grotty's output: 2 for East Asian wide and
    fullwidth characters, 1 for any other (grotty gives combining marks a
    cell of their own too)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


class Grid:
    """A character grid kept row by row, so that rendering a row looks at
    that row's cells only (linear in the size of the table, not quadratic
    in its rows)."""

    def __init__(self):
        self.v: dict = {}     # y -> {x: "U" | "D" | "UD"}
        self.h: dict = {}     # y -> {x: "L" | "R" | "LR"}
        self.text: dict = {}  # y -> {x: char ("" for the 2nd half of a wide)}

    def hline(self, y: int, x0: int, x1: int):
        if x1 < x0:
            x0, x1 = x1, x0
        row = self.h.setdefault(y, {})
        for x in range(x0, x1 + 1):
            if x0 == x1:
                row[x] = "LR"
            else:
                row[x] = "R" if x == x0 else "L" if x == x1 else "LR"

    def vline(self, x: int, y0: int, y1: int):
        for y in range(y0, y1 + 1):
            row = self.v.setdefault(y, {})
            if x in row:
                continue
            row[x] = ("UD" if y0 == y1 else "D" if y == y0
                      else "U" if y == y1 else "UD")

    def put(self, y: int, x: int, s: str):
        row = self.text.setdefault(y, {})
        for ch in s:
            w = display_width(ch)
            row[x] = ch
            for k in range(1, w):
                row[x + k] = ""
            x += w

    def render(self, y0: int, y1: int, indent: int) -> list:
        out = []
        empty: dict = {}
        for y in range(y0, y1 + 1):
            vrow = self.v.get(y, empty)
            hrow = self.h.get(y, empty)
            trow = self.text.get(y, empty)
            if not (vrow or hrow or trow):
                out.append("")
                continue
            xs = sorted({*vrow, *hrow, *trow})
            pos = min(0, xs[0])
            row = []
            for x in xs:          # only the cells drawn; blanks between
                if x > pos:
                    row.append(" " * (x - pos))
                pos = x + 1
                if x in trow:
                    row.append(trow[x])
                else:
                    row.append(_BOX.get((vrow.get(x), hrow.get(x)), " "))
            line = "".join(row).rstrip()
            out.append(" " * indent + line if line else "")
        return out
