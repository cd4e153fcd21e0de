"""The layout of a tbl table for renderers that emit a table structure
rather than drawing one: each data row's cells with their horizontal (``s``)
and vertical (``^``) spans, the rules between rows, and the runs of a cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..man import nodes as N
from .runs import Para, Run, line_of, merge_runs

@dataclass(eq=False)
class GridCell:
    """One table entry: where it starts and how many rows and columns it covers."""
    cell: object                 # the TableCell node, or None for an empty entry
    kind: str                    # 'text', 'rule' or 'empty'
    spec: object                 # the tbl ColumnSpec, or None
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class TableLayout:
    ncols: int
    slots: list                  # per data row, per column: the GridCell covering it
    rules: list                  # per data row: '_' or '=' for a rule above it, else None
    rule_end: str | None = None  # a rule after the last row

    def starts(self, r: int) -> list:
        return [g for c, g in enumerate(self.slots[r]) if g.row == r and g.col == c]

    def split_block_spans(self) -> None:
        """Make every entry span rows or columns, not both (docutils' LaTeX writer
        cannot): such an entry keeps its columns and the rows below get empty
        entries of the same width."""
        for r, slots in enumerate(self.slots):
            for c, g in enumerate(slots):
                if g.row != r or g.col != c or g.rowspan == 1 or g.colspan == 1:
                    continue
                for below in range(r + 1, r + g.rowspan):
                    filler = GridCell(None, "empty", g.spec, below, c, 1, g.colspan)
                    for k in range(c, c + g.colspan):
                        self.slots[below][k] = filler
                g.rowspan = 1


def table_layout(node: N.Table) -> TableLayout:
    """The grid of a tbl table: horizontal spans (``s``) and vertical spans (``^``, ``\\^``)."""
    model = node.model
    rows = [r for r in node.children if isinstance(r, N.TableRow)]
    # Columns come from the format; cells past them are dropped, as tbl does.
    ncols = getattr(model, "ncols", 0) or max(
        (len([c for c in r.children if isinstance(c, N.TableCell)]) for r in rows), default=1) or 1
    layout = TableLayout(ncols, [], [])
    pending = None
    for row in rows:
        if row.kind in ("_", "="):
            pending = "=" if row.kind == "=" or pending == "=" else "_"
            continue
        if row.kind != "data":
            continue
        r = len(layout.slots)
        above = layout.slots[r - 1] if r else None
        fmt = model.format_of(row.data) if model is not None and row.data is not None else None
        specs = list(fmt.specs) if fmt is not None else []
        cells = iter(c for c in row.children if isinstance(c, N.TableCell))
        slots: list = []
        for c in range(ncols):
            spec = specs[c] if c < len(specs) else None
            key = spec.key if spec is not None else "l"
            if key == "s":
                left = slots[c - 1] if c else None
                if left is not None and left.col <= c < left.col + left.colspan:
                    slots.append(left)
                    continue
                if left is not None and left.row == r and left.col + left.colspan == c:
                    left.colspan += 1
                    slots.append(left)
                    continue
                slots.append(GridCell(None, "empty", spec, r, c))
                continue
            cell = next(cells, None)
            ckind = getattr(getattr(cell, "data", None), "kind", "text")
            if key == "^" or ckind == "vspan":
                up = above[c] if above else None
                if up is not None and up.col == c and up.row + up.rowspan == r:
                    up.rowspan += 1
                    slots.append(up)
                    continue
                if up is not None and up.row + up.rowspan - 1 == r and up.col <= c < up.col + up.colspan:
                    slots.append(up)
                    continue
                slots.append(GridCell(None, "empty", spec, r, c))
                continue
            if key in ("_", "=") or ckind in ("rule", "double", "short"):
                slots.append(GridCell(cell, "rule", spec, r, c))
            elif ckind == "repeat" or cell is None:
                slots.append(GridCell(None, "empty", spec, r, c))
            else:
                slots.append(GridCell(cell, "text", spec, r, c))
        layout.slots.append(slots)
        layout.rules.append(pending)
        pending = None
    layout.rule_end = pending
    return layout


def cell_runs(cell: N.TableCell, xref=None) -> list[list[Run]]:
    """The paragraphs of a table cell (a T{ T} block may have several)."""
    paras: list[Para] = [Para()]
    for line in cell.children:
        if isinstance(line, N.Request):
            if line.name in ("br", "sp") and not paras[-1].empty:
                paras.append(Para(["br"] if line.name == "br" else []))
            continue
        got = line_of(line, xref=xref)
        if got is not None:
            if isinstance(line, N.TextLine) and line.blank:
                if not paras[-1].empty:
                    paras.append(Para())
                continue
            paras[-1].add(*got)
    return [merge_runs(p.runs) for p in paras if not p.empty]
