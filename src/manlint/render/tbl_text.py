"""Text layout of a parsed tbl table, as GNU tbl + groff 1.22.4 print it
with ``-Tutf8 -mtty-char`` inside a man page.

The computation follows what tbl's generated troff code does, in troff
basic units (1n = 24u, 1i = 240u on the tty devices): column widths,
separations, text-block line lengths and positions are computed in units
and rounded to character cells the way troff rounds horizontal motions
(to the nearest cell, halves going down).  Lines are then drawn on a
character grid the way grotty combines box-drawing characters: for a
cell, the first vertical line drawn through it decides its up/down arms,
the last horizontal line decides its left/right arms.

The returned lines include the blank line that the man macros' ``.TS``
puts before a table (``space_before``) and, for boxed tables, the bottom
rule, which groff draws on the line after the last row: that is the
line a following ``.PP``/``.sp`` would leave blank.  A vertical line on
the first row of a table without a top rule reaches one line above the
table; it is drawn in the leading blank line when there is one.
"""

from __future__ import annotations

import bisect
import re
from typing import Callable

from manlint.roff.expr import MAX_COLUMNS, MAX_LINES
from manlint.roff.tbl import (Cell, ColumnSpec, DataRow, RequestRow, RuleRow,
                              Table)

from .tbl_grid import Grid as _Grid
from .tbl_grid import display_width

__all__ = ["layout_table", "display_width", "TableTooLarge"]

U = 24                     # units per character cell (n, m)
_INCH = 240
# Bounds on hostile tables (real pages stay far below them): a table wider
# than MAX_COLUMNS cells, or with more than MAX_TABLE_CELLS cells in its
# layout (lines times width), is not laid out; '.sp N' inside a table
# gives at most MAX_LINES blank lines, like '.sp' elsewhere.
MAX_TABLE_CELLS = 10_000_000


class TableTooLarge(ValueError):
    """A table past the bounds above; the caller shows its text unformatted."""


def _cells(u: int) -> int:
    """Character cell of a horizontal position in units (round, halves down)."""
    if u >= 0:
        return (u + U // 2 - 1) // U
    return -((-u + U // 2 - 1) // U)


def _tdiv(a: int, b: int) -> int:
    """troff integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


_UNIT = {"i": 240, "c": 240 * 50 / 127, "p": 240 / 72, "P": 40, "m": U,
         "n": U, "v": 40, "u": 1, "M": U / 100}


def _width_units(arg: str | None) -> int:
    """Value of a w() argument (default unit n), 0 when unparsable; no
    wider than MAX_COLUMNS cells."""
    if not arg:
        return 0
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([icpPmnvuM]?)\s*", arg)
    if not m:
        return 0
    return int(min(float(m.group(1)) * _UNIT[m.group(2) or "n"], MAX_COLUMNS * U))


_ESC = re.compile(r"\\(?:f(?:\(..|\[[^]]*\]|.)|s[-+]?(?:\d+|\(\d\d|\[[^]]*\])"
                  r"|\(..|\[[^]]*\]|\*(?:\(..|\[[^]]*\]|.)|.)")


def _numeric_split(raw: str):
    """Index in raw text where the alignment point is, or None (centre)."""
    if "\\&" in raw:
        return raw.rindex("\\&"), raw.rindex("\\&") + 2
    plain = []          # (index, char) of characters outside escapes
    i = 0
    while i < len(raw):
        m = _ESC.match(raw, i) if raw[i] == "\\" else None
        if m:
            i = m.end()
            continue
        plain.append((i, raw[i]))
        i += 1
    for k in range(len(plain) - 1, -1, -1):
        idx, ch = plain[k]
        if ch == "." and ((k > 0 and plain[k - 1][1].isdigit()) or
                          (k + 1 < len(plain) and plain[k + 1][1].isdigit())):
            return idx, idx
    for k in range(len(plain) - 1, -1, -1):
        idx, ch = plain[k]
        if ch.isdigit():
            return idx + 1, idx + 1
    return None


def layout_table(table: Table, cell_text: Callable, fill_block: Callable,
                 width: int = 78, indent: int = 7, *,
                 space_before: bool = True, page_line: int | None = None,
                 page_length: int = 66) -> list:
    """Lay *table* out as groff does in a man page; see the module doc.

    ``space_before``: whether ``.TS`` leaves a blank line (it does not
    right after ``.SH``/``.PP``, which leave no-space mode on).
    ``page_line``: the line of the page (0-based) the first returned line
    goes to.  With it, a table that tbl does not keep together (one
    without a box) is broken the way groff's continuous man output breaks
    it: the last line of each page_length-line page stays blank."""
    opts = table.options
    ncols = max(table.ncols, 1)
    boxed = bool(opts.get("box") or opts.get("allbox") or opts.get("doublebox"))
    allbox = bool(opts.get("allbox"))
    dbox = bool(opts.get("doublebox"))
    expand = bool(opts.get("expand"))
    LL = width * U
    IN = indent * U

    # ---------------------------------------------------- grid of entries
    # entry: dict(kind, cell, spec, end) for starting cells; "s" / "^" marks
    data_rows = [r for r in table.rows if isinstance(r, DataRow)]
    grid = []
    for ri, row in enumerate(data_rows):
        fr = table.format_of(row)
        specs = list(fr.specs) if fr else []
        while len(specs) < ncols:
            specs.append(_default_spec())
        ents = []
        cells = iter(row.cells)
        for c in range(ncols):
            sp = specs[c]
            if sp.key == "s":
                if ents and ents[-1] is not None:
                    ents.append("s")
                    # extend the starting entry
                    k = c - 1
                    while ents[k] == "s":
                        k -= 1
                    if isinstance(ents[k], dict):
                        ents[k]["end"] = c
                else:
                    ents.append(None)
                continue
            cell = next(cells, None)
            if sp.key == "^":
                ents.append("^")
                continue
            if sp.key in "_=":
                ents.append({"kind": "rule", "cell": cell, "spec": sp, "end": c,
                             "rule": sp.key})
                continue
            kind = cell.kind if cell is not None else "text"
            if kind == "vspan":
                ents.append("^" if ri > 0 else {"kind": "text", "cell": None,
                                               "spec": sp, "end": c})
                continue
            e = {"kind": kind, "cell": cell, "spec": sp, "end": c}
            if kind in ("rule", "double", "short"):
                e["kind"] = "rule"
                e["rule"] = {"rule": "_", "double": "=", "short": "\\_"}[kind]
            ents.append(e)
        grid.append(ents)

    # vertical spans: for each starting entry, the last row it covers
    for ri, ents in enumerate(grid):
        for c, e in enumerate(ents):
            if isinstance(e, dict):
                last = ri
                while last + 1 < len(grid) and grid[last + 1][c] == "^":
                    last += 1
                e["vend"] = last

    # ---------------------------------------------------- column widths
    specs_by_col = [[] for _ in range(ncols)]
    for sec in table.sections:
        for fr in sec.formats:
            for c, sp in enumerate(fr.specs[:ncols]):
                specs_by_col[c].append(sp)
    # a column is at least one cell wide (tbl starts from \n(.H), or as
    # wide as a w() asks
    minw = [0] * ncols
    for c in range(ncols):
        for sp in specs_by_col[c]:
            minw[c] = max(minw[c], _width_units(sp.width))
    w = [m or U for m in minw]
    gaps = []
    for c in range(ncols - 1):
        seps = [sp.sep for sp in specs_by_col[c] if sp.sep is not None]
        gaps.append(max(seps) if seps else 3)
    xcols = [c for c in range(ncols) if any(sp.expand for sp in specs_by_col[c])]
    ecols = [c for c in range(ncols) if any(sp.equal for sp in specs_by_col[c])]
    lnw = [0] * ncols
    rnw = [0] * ncols
    aw = [0] * ncols
    spanw: dict = {}
    texts: dict = {}

    def tw(cell):
        return display_width(cell_text(cell)) * U if cell is not None else 0

    for ri, ents in enumerate(grid):
        for c, e in enumerate(ents):
            if not isinstance(e, dict) or e["kind"] != "text":
                continue
            cell = e["cell"]
            width_u = tw(cell)
            texts[(ri, c)] = width_u
            key = e["spec"].key
            if e["end"] > c:
                spanw[(c, e["end"])] = max(spanw.get((c, e["end"]), 0), width_u)
                continue
            if key == "n" and cell is not None:
                sp = _numeric_split(cell.text)
                if sp is not None:
                    left = tw(Cell(cell.text[:sp[0]], cell.line, cell.col))
                    e["nleft"] = left
                    lnw[c] = max(lnw[c], left)
                    rnw[c] = max(rnw[c], width_u - left)
                    continue
            if key == "a":
                aw[c] = max(aw[c], width_u)
                continue
            w[c] = max(w[c], width_u)
    for c in range(ncols):
        w[c] = max(w[c], lnw[c] + rnw[c])
        if aw[c]:
            w[c] = max(w[c], aw[c] + 2 * U)
    left_m = 1 if boxed else 0
    right_m = 1 if boxed else 0
    for (c0, c1), sw in sorted(spanw.items(), key=lambda t: (t[0][1] - t[0][0], t[0])):
        have = sum(w[c0:c1 + 1])
        if not expand:
            have += sum(gaps[c0:c1]) * U
        need = _tdiv(sw - have, c1 - c0 + 1)
        if need > 0:
            for c in range(c0, c1 + 1):
                w[c] += need
    if ecols:
        m = max(w[c] for c in ecols)
        for c in ecols:
            w[c] = m

    # text blocks
    blocks: dict = {}

    def do_blocks(cols_x: bool, expand_u: int):
        for ri, ents in enumerate(grid):
            for c, e in enumerate(ents):
                if not isinstance(e, dict) or e["kind"] != "block":
                    continue
                if (c in xcols) != cols_x:
                    continue
                span = e["end"] - c + 1
                if cols_x:
                    ll = max(expand_u, w[c])
                elif minw[c]:
                    ll = max(minw[c], w[c])
                else:
                    ll = max(w[c], LL * span // (ncols + 1))
                lines = fill_block(e["cell"], max(_cells(ll), 1))
                lines = [ln.rstrip() for ln in lines]
                while lines and not lines[-1]:
                    lines.pop()
                blocks[(ri, c)] = lines
                dl = max((display_width(x) for x in lines), default=0) * U
                if span == 1:
                    w[c] = max(w[c], dl)
                else:
                    have = sum(w[c:e["end"] + 1]) + sum(gaps[c:e["end"]]) * U
                    need = _tdiv(dl - have, span)
                    if need > 0:
                        for k in range(c, e["end"] + 1):
                            w[k] += need

    do_blocks(False, 0)
    nsep = left_m + right_m + sum(gaps)
    if xcols:
        # tbl's "expand" width: what the line leaves to the x columns
        expand_u = LL - IN - sum(w[c] for c in range(ncols) if c not in xcols) \
            - nsep * U
        expand_u = max(0, _tdiv(expand_u, len(xcols)))
        for c in xcols:
            w[c] = max(w[c], expand_u)
        do_blocks(True, expand_u)

    sep = U
    if expand and nsep:
        sep = _tdiv(LL - IN - sum(w), nsep)
        if sep < 0:
            sep = 0

    # ------------------------------------------------------- positions
    cl = [0] * ncols
    ce = [0] * ncols
    cd = [0] * (ncols + 1)
    cl[0] = left_m * sep
    for c in range(ncols):
        if c:
            cl[c] = ce[c - 1] + gaps[c - 1] * sep
            cd[c] = _tdiv(ce[c - 1] + cl[c], 2)
        ce[c] = cl[c] + w[c]
    cd[ncols] = ce[ncols - 1] + right_m * sep
    TW = cd[ncols]
    if _cells(TW) > MAX_COLUMNS:
        raise TableTooLarge(f"table wider than {MAX_COLUMNS} columns")
    shift = 0
    if opts.get("center"):
        shift = max(_tdiv(LL - IN - TW, 2), -IN)

    shift_cells = _cells(shift)       # .in is rounded on its own

    def X(u):
        return shift_cells + _cells(u)

    # ------------------------------------------------- vertical layout
    g = _Grid()
    y = 0
    breaks = []
    base = None
    if page_line is not None and not boxed and page_length > 1:
        base = page_line + (1 if space_before else 0)

    def place(y0: int, h: int) -> int:
        """First line for an element of h lines wanted at y0."""
        if base is None:
            return y0
        for yy in range(y0, y0 + max(h, 1)):
            if (base + yy) % page_length == page_length - 1:
                if h >= page_length - 1:
                    return y0
                breaks.append(yy)
                return yy + 1
        return y0
    items = list(table.rows)
    first_data = next((k for k, r in enumerate(items) if isinstance(r, DataRow)),
                      len(items))
    last_data = max((k for k, r in enumerate(items) if isinstance(r, DataRow)),
                    default=-1)
    full = (X(cd[0]), X(cd[ncols]))
    lead = items[:first_data]
    for it in lead:
        if isinstance(it, RuleRow):
            y = place(y, 1)
            g.hline(y, *full)
            y += 1
        elif isinstance(it, RequestRow):
            y += _request_lines(it.text)
    top_lines = []
    if boxed:
        for _ in range(2 if dbox else 1):
            g.hline(y, *full)
            top_lines.append(y)
            y += 1
    marks = []        # per data row: the mark line (line before its first)
    ends = []         # per data row: last text line
    di = -1
    placed = []       # (ri, c, e, top_line)
    span_top = [0] * ncols    # per column: the last row not marked '^'
    for k in range(first_data, len(items)):
        it = items[k]
        if isinstance(it, RuleRow):
            y = place(y, 1)
            if it.format is not None and it.format.specs:
                # a rule row of the format is drawn column by column
                for c in range(min(ncols, len(it.format.specs))):
                    g.hline(y, X(cd[c]), X(cd[c + 1]))
            else:
                g.hline(y, *full)
            y += 1
            continue
        if isinstance(it, RequestRow):
            y += _request_lines(it.text)
            continue
        di += 1
        h = 1
        for c, e in enumerate(grid[di]):
            if isinstance(e, dict) and e["kind"] == "block" and e["vend"] == di:
                h = max(h, len(blocks.get((di, c), [])))
        y = place(y, h)
        marks.append(y - 1)
        top = y
        for c, e in enumerate(grid[di]):
            if isinstance(e, dict):
                placed.append((di, c, e, top))
        # blocks spanning down from an earlier row end here
        for c, e2 in enumerate(grid[di]):
            if e2 == "^":
                r0 = span_top[c]
                e0 = grid[r0][c]
                if isinstance(e0, dict) and e0["kind"] == "block" and \
                        e0["vend"] == di:
                    bl = len(blocks.get((r0, c), []))
                    h = max(h, marks[r0] + bl - y + 1)
        for c, e2 in enumerate(grid[di]):
            if e2 != "^":
                span_top[c] = di
        y = top + h
        ends.append(y - 1)
        if allbox and k < last_data:
            nxt = di + 1
            runs = []
            for c in range(ncols):
                if nxt < len(grid) and grid[nxt][c] == "^":
                    continue
                if runs and runs[-1][1] == c - 1:
                    runs[-1][1] = c
                else:
                    runs.append([c, c])
            for c0, c1 in runs:
                g.hline(y, X(cd[c0]), X(cd[c1 + 1]))
            y += 1
    bottom = y - 1
    bottom_lines = []
    if boxed:
        for _ in range(2 if dbox else 1):
            g.hline(y, *full)
            bottom_lines.append(y)
            y += 1
    last_line = y - 1
    nrows = len(grid)
    if (last_line + 2) * (_cells(TW) + 1) > MAX_TABLE_CELLS:
        raise TableTooLarge(f"table of more than {MAX_TABLE_CELLS} cells")

    # ------------------------------------------------------- vertical lines
    def mark_of(ri):
        if ri == 0 and boxed:
            return top_lines[-1]
        return marks[ri]

    def end_of(ri):          # line where a run ending with row ri stops
        if ri + 1 < nrows:
            return marks[ri + 1]
        return bottom_lines[0] if boxed else bottom

    vsegs = []
    for d in range(ncols + 1):
        counts = []
        for ri, ents in enumerate(grid):
            n = 0
            fr = table.format_of(data_rows[ri])
            specs = fr.specs if fr else []
            if d < len(specs):
                n = specs[d].lines_before
            elif d == len(specs) and specs:
                n = specs[-1].lines_after
            if allbox and 0 < d < ncols:
                n = max(n, 1)
            if 0 < d < ncols and ents[d] == "s":
                n = 0
            counts.append(n)
        ri = 0
        while ri < nrows:
            if not counts[ri]:
                ri += 1
                continue
            r1 = ri
            while r1 + 1 < nrows and counts[r1 + 1] == counts[ri]:
                r1 += 1
            n = counts[ri]
            offs = [0] if n == 1 else [-3, 3]
            for o in offs:
                vsegs.append((X(cd[d] + o), mark_of(ri), end_of(r1)))
            ri = r1 + 1
    if nrows and boxed:
        y_top, y_bot = top_lines[-1], bottom_lines[0]
        for x in (full[1], full[0]):
            vsegs.append((x, y_top, y_bot))
        if dbox:
            for x in (full[0], full[1]):
                vsegs.append((x, top_lines[0], bottom_lines[-1]))
    breaks.sort()
    for x, y0, y1 in vsegs:
        # a page break cuts vertical lines
        for b in breaks[bisect.bisect_left(breaks, y0):bisect.bisect_right(breaks, y1)]:
            if b - 1 >= y0:
                g.vline(x, y0, b - 1)
            y0 = b + 1
        if y0 <= y1:
            g.vline(x, y0, y1)

    # ---------------------------------------------------------- contents
    for ri, c, e, top in placed:
        end = e["end"]
        x0, x1 = cl[c], ce[end]
        vend = e.get("vend", ri)
        if e["kind"] == "rule":
            if e["rule"] == "\\_":
                g.hline(top, X(cl[c]), X(ce[end]))
            else:
                g.hline(top, X(cd[c]), X(cd[end + 1]))
            continue
        if e["kind"] == "block":
            blines = blocks.get((ri, c), [])
            if vend != ri:            # centred on the rows it spans
                top += max(0, (ends[vend] - top + 1 - len(blines)) // 2)
            for k, ln in enumerate(blines):
                if ln:
                    g.put(top + k, X(x0), ln)
            continue
        cell = e["cell"]
        if cell is None:
            continue
        s = cell_text(cell)
        if not s:
            continue
        tu = texts.get((ri, c), display_width(s) * U)
        line = top
        if vend != ri and not e["spec"].top:
            line = top + (ends[vend] - top) // 2
        key = e["spec"].key
        if key == "n" and end == c and "nleft" in e:
            pos = _tdiv(w[c] - lnw[c] - rnw[c], 2) + lnw[c] + x0 - e["nleft"]
        elif key == "r":
            pos = x1 - tu
        elif key in "cn":
            pos = x0 + (x1 - x0 - tu) // 2
        elif key == "a" and end == c:
            pos = x0 + _tdiv(w[c] - aw[c], 2)
        else:
            pos = x0
        g.put(line, X(pos), s)

    first = -1 if space_before else 0
    return g.render(first, max(last_line, 0), indent)


def _default_spec():
    return ColumnSpec("l")


def _request_lines(text: str) -> int:
    parts = text[1:].split()
    if not parts or parts[0] != "sp":
        return 0
    if len(parts) == 1:
        return 1
    m = re.fullmatch(r"([0-9]*\.?[0-9]+)([vu]?)", parts[1])
    if not m:
        return 1
    val = float(m.group(1))
    if m.group(2) == "u":
        val /= 40
    val = min(val, MAX_LINES)
    return int(val + 0.5 - 1e-9) if val >= 0 else 0
