"""Turn a tbl block into a Table node with rows and decoded cells."""

from __future__ import annotations

from ..roff.args import parse_args
from ..roff.lines import LogicalLine
from ..roff.reader import InputLine
from ..roff.tbl import DataRow, RequestRow, RuleRow, parse_table
from . import nodes as N
from .macros import FONT_MACROS

_CELL_FONTS = {"B": "B", "I": "I", "BI": "BI", "R": "R", "CW": "CW", "CB": "B", "CI": "I"}


def _cell_font(model, row: DataRow, index: int) -> str:
    try:
        spec = model.sections[row.section].formats[row.format].specs[index]
    except (IndexError, AttributeError):
        return "R"
    return _CELL_FONTS.get(spec.font or "R", "R")


def build_table(parser, inp: InputLine) -> N.Table:
    src = inp.source
    table = parser._node(N.Table, inp, macro=inp.name, args=parser._args(inp))
    table.end_line = inp.end_line

    def report(lineno, col, code, message):
        # An empty table has no line of its own: point at its .TS.
        parser.reporter.report("table-syntax", src, lineno or table.line, col or 1, origin=inp.origin,
                               detail=f"{message} [{code}]")

    model = parse_table(inp.block or [], report)
    table.model = model
    saved = (parser.font, parser.prev_font)
    for row in model.rows:
        if isinstance(row, DataRow):
            row_node = N.TableRow("data", row, source=src, line=row.line, col=1, origin=inp.origin)
            for index, cell in enumerate(row.cells):
                cell_node = N.TableCell(cell, source=src, line=cell.line, col=cell.col,
                                        origin=inp.origin)
                font = _cell_font(model, row, index)
                for k, text in enumerate(cell.text.split("\n")):
                    lineno = cell.line + k
                    col = cell.col if k == 0 else 1
                    logical = LogicalLine(" " * (col - 1) + text, lineno)
                    cell_inp = InputLine("text", src, logical, col - 1, text, origin=inp.origin)
                    parser.font = parser.prev_font = font
                    cell_node.append(_cell_line(parser, cell_inp, text, col))
                row_node.append(cell_node)
        elif isinstance(row, RuleRow):
            row_node = N.TableRow(row.kind, row, source=src, line=row.line or inp.line,
                                  col=1, origin=inp.origin)
        elif isinstance(row, RequestRow):
            row_node = N.TableRow("request", row, source=src, line=row.line, col=1,
                                  origin=inp.origin)
        else:
            continue
        table.append(row_node)
    parser.font, parser.prev_font = saved
    return table


def _cell_line(parser, inp: InputLine, text: str, col: int) -> N.Node:
    """A line of a cell: text, or (inside T{ T}) a font macro or request."""
    if cell_is_control(text):
        args = parse_args(text, 1, parser.reader.escape_char)
        name, args = (args[0][0], args[1:]) if args else ("", [])
        inp.args = [(a, o + col - 1) for a, o in args]
        if name in FONT_MACROS:
            node = parser._node(N.FontMacro, inp, name, parser._args(inp))
            parser._font_args(node, inp.args, inp)
            return node
        return parser._node(N.Request, inp, name, parser._args(inp))
    node = parser._node(N.TextLine, inp)
    node.joined = parser._decode(text, col - 1, inp, node)
    return node


def cell_is_control(text: str) -> bool:
    return text[:1] in (".", "'") and len(text) > 1 and text[1] not in "0123456789 "
