"""Parser for tbl(1) table source (the lines between ``.TS`` and ``.TE``).

The parser never raises on bad input: problems are passed to the optional
``report(lineno, col, code, message)`` callback and parsing goes on the way
GNU tbl would (or as close as is sensible).  Cell text is kept as raw roff.

Data model::

    Table(options, sections, rows, line)
      options   dict: canonical option name -> True or its argument string
      sections  [Section(line, formats=[FormatRow(line, specs=[ColumnSpec])])]
                (a new section starts at each ``.T&``)
      rows      [DataRow | RuleRow | RequestRow] in source order

Every ``DataRow`` knows its ``section`` and ``format`` (index of the format
row that applies, the last one repeating).  A format row made only of rule
keys (``_ - =``) that is not the last one of its section produces a
``RuleRow`` (``from_format=True``) without consuming a data line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from .lines import _comment_start

__all__ = [
    "Table", "Section", "FormatRow", "ColumnSpec", "DataRow", "Cell",
    "RuleRow", "RequestRow", "parse_table", "parse_format_line",
    "OPTIONS",
]

Report = Callable[[int, int, str, str], None]

# option name -> (canonical name, takes an argument)
OPTIONS = {
    "center": ("center", False), "centre": ("center", False),
    "expand": ("expand", False),
    "box": ("box", False), "frame": ("box", False),
    "allbox": ("allbox", False),
    "doublebox": ("doublebox", False), "doubleframe": ("doublebox", False),
    "tab": ("tab", True), "linesize": ("linesize", True),
    "delim": ("delim", True), "decimalpoint": ("decimalpoint", True),
    "nospaces": ("nospaces", False), "nowarn": ("nowarn", False),
    "nokeep": ("nokeep", False), "experimental": ("experimental", False),
}

KEYS = set("lrcnas^_-=")
RULE_KEYS = set("_-=")


@dataclass(slots=True)
class ColumnSpec:
    """One entry of a format row."""
    key: str                      # l r c n a s ^ _ = (``-`` is stored as ``_``)
    col: int = 0                  # 1-based source column of the key letter
    font: Optional[str] = None    # "B", "I", or the name after ``f``
    width: Optional[str] = None   # raw argument of ``w(...)``
    equal: bool = False           # e
    zero_width: bool = False      # z
    top: bool = False             # t
    bottom: bool = False          # d
    up: bool = False              # u
    expand: bool = False          # x
    size: Optional[str] = None    # p
    vspacing: Optional[str] = None  # v
    sep: Optional[int] = None     # column separation after this column
    lines_before: int = 0         # number of ``|`` just left of the column
    lines_after: int = 0          # number of ``|`` just right of the column


@dataclass(slots=True)
class FormatRow:
    line: int
    specs: list = field(default_factory=list)

    @property
    def is_rule(self) -> bool:
        return bool(self.specs) and all(s.key in RULE_KEYS for s in self.specs)


@dataclass(slots=True)
class Section:
    line: int
    formats: list = field(default_factory=list)


@dataclass(slots=True)
class Cell:
    text: str
    line: int
    col: int
    is_block: bool = False

    @property
    def kind(self) -> str:
        """'block', 'rule' (_), 'double' (=), 'short' (\\_), 'vspan' (\\^),
        'repeat' (\\Rx) or 'text'."""
        if self.is_block:
            return "block"
        t = self.text
        if t == "_":
            return "rule"
        if t == "=":
            return "double"
        if t == "\\_":
            return "short"
        if t == "\\^":
            return "vspan"
        if len(t) >= 3 and t.startswith("\\R"):
            return "repeat"
        return "text"


@dataclass(slots=True)
class DataRow:
    line: int
    cells: list = field(default_factory=list)
    section: int = 0
    format: int = 0


@dataclass(slots=True)
class RuleRow:
    kind: str                     # "_" or "="
    line: int = 0
    from_format: bool = False
    format: Optional[FormatRow] = None   # the format row, when from_format


@dataclass(slots=True)
class RequestRow:
    line: int
    text: str


@dataclass(slots=True)
class Table:
    options: dict = field(default_factory=dict)
    sections: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    line: int = 0

    @property
    def ncols(self) -> int:
        return max((len(f.specs) for s in self.sections for f in s.formats),
                   default=0)

    def format_of(self, row: DataRow) -> Optional[FormatRow]:
        if not (0 <= row.section < len(self.sections)):
            return None
        fmts = self.sections[row.section].formats
        return fmts[min(row.format, len(fmts) - 1)] if fmts else None

    @property
    def tab(self) -> str:
        return self.options.get("tab") or "\t"


def _nop(lineno, col, code, message):
    pass


# ---------------------------------------------------------------- options

_OPT_RE = re.compile(r"\s*([A-Za-z]+)\s*(\(([^)]*)\)?)?\s*,?")


def _parse_options(text: str, lineno: int, report: Report) -> dict:
    opts: dict = {}
    body = text.rstrip()
    assert body.endswith(";")
    body = body[:-1]
    pos = 0
    while pos < len(body):
        m = _OPT_RE.match(body, pos)
        if not m or m.end() == pos:
            ch = body[pos]
            if not ch.isspace() and ch != ",":
                report(lineno, pos + 1, "tbl-bad-option-syntax",
                       f"unexpected {ch!r} in table options")
            pos += 1
            continue
        name = m.group(1)
        col = m.start(1) + 1
        pos = m.end()
        canon = OPTIONS.get(name.lower())
        if canon is None:
            report(lineno, col, "tbl-unknown-option",
                   f"unknown table option {name!r}")
            continue
        cname, takes_arg = canon
        if m.group(2) is not None and not m.group(2).endswith(")"):
            report(lineno, col, "tbl-unterminated-option-argument",
                   f"missing ')' after argument of option {name!r}")
        arg = m.group(3)
        if takes_arg:
            if not arg:
                report(lineno, col, "tbl-missing-option-argument",
                       f"option {name!r} needs an argument")
                continue
            if cname == "tab" and len(arg) != 1:
                report(lineno, col, "tbl-bad-option-argument",
                       "tab() takes a single character")
                arg = arg[0]
            if cname == "delim" and len(arg) != 2:
                report(lineno, col, "tbl-bad-option-argument",
                       "delim() takes two characters")
            opts[cname] = arg
        else:
            if arg is not None:
                report(lineno, col, "tbl-unexpected-option-argument",
                       f"option {name!r} takes no argument")
            opts[cname] = True
    return opts


# ----------------------------------------------------------------- format

def _read_paren(s: str, i: int):
    """s[i] == '('; return (content, index after ')' or None if missing)."""
    j = s.find(")", i + 1)
    if j < 0:
        return s[i + 1:], None
    return s[i + 1:j], j + 1


def parse_format_line(text: str, lineno: int, report: Report = _nop):
    """Parse one format line.  Returns (rows, ended, ok): the list of
    FormatRow for each comma separated part, whether the line ends the
    format with '.', and False when the line does not look like a format
    line at all (a tab or a character that cannot appear in a format)."""
    s = text
    ended = False
    stripped = s.rstrip()
    if stripped.endswith("."):
        ended = True
        s = stripped[:-1]
    rows = []
    cur: list = []
    pending_lines = 0
    i, n = 0, len(s)
    ok = True

    def finish():
        nonlocal cur, pending_lines
        if cur:
            cur[-1].lines_after = pending_lines
            rows.append(FormatRow(lineno, cur))
        elif pending_lines:
            report(lineno, i + 1, "tbl-format-bad-line",
                   "vertical line without a column")
        cur = []
        pending_lines = 0

    while i < n:
        ch = s[i]
        lo = ch.lower()
        if ch in " \t":
            i += 1
        elif ch == ",":
            finish()
            i += 1
        elif ch == "|":
            pending_lines += 1
            i += 1
        elif lo in KEYS:
            key = "_" if ch == "-" else lo
            spec = ColumnSpec(key, col=i + 1, lines_before=pending_lines)
            if cur:
                cur[-1].lines_after = pending_lines
            pending_lines = 0
            cur.append(spec)
            i += 1
            # modifiers
            while i < n:
                c = s[i]
                m = c.lower()
                if c.isdigit():
                    j = i
                    while j < n and s[j].isdigit():
                        j += 1
                    if s[i:j].isdecimal() and j - i <= 4:
                        spec.sep = int(s[i:j])
                    else:
                        report(lineno, i, "tbl-format-bad-modifier",
                               f"bad column separation {s[i:j]!r}")
                    i = j
                elif m == "b":
                    spec.font = "B"; i += 1
                elif m == "i":
                    spec.font = "I"; i += 1
                elif m == "f":
                    i += 1
                    if i < n and s[i] == "(":
                        spec.font = s[i + 1:i + 3]; i += 3
                    elif i < n and s[i] == "[":
                        j = s.find("]", i)
                        j = n if j < 0 else j
                        spec.font = s[i + 1:j]; i = j + 1
                    else:
                        j = i
                        while j < n and j < i + 2 and s[j] not in " \t,.|" \
                                and not (j > i and s[j].lower() in KEYS):
                            j += 1
                        if j == i:
                            report(lineno, i, "tbl-format-bad-modifier",
                                   "missing font name after 'f'")
                        spec.font = s[i:j] or None
                        i = j
                elif m in "pv":
                    i += 1
                    j = i
                    if j < n and s[j] in "+-":
                        j += 1
                    while j < n and s[j].isdigit():
                        j += 1
                    val = s[i:j]
                    if not val or val in "+-":
                        report(lineno, i, "tbl-format-bad-modifier",
                               f"missing number after {c!r}")
                    if m == "p":
                        spec.size = val
                    else:
                        spec.vspacing = val
                    i = j
                elif m == "w":
                    i += 1
                    if i < n and s[i] == "(":
                        arg, end = _read_paren(s, i)
                        if end is None:
                            report(lineno, i + 1, "tbl-format-bad-modifier",
                                   "missing ')' after w(")
                            end = n
                        spec.width = arg
                        i = end
                    else:
                        j = i
                        while j < n and (s[j].isdigit() or s[j] == "."):
                            j += 1
                        if j < n and s[j].isalpha() and s[j].lower() in "icpmnvPu":
                            j += 1
                        if j == i:
                            report(lineno, i, "tbl-format-bad-modifier",
                                   "missing width after 'w'")
                        spec.width = s[i:j] or None
                        i = j
                elif m == "e":
                    spec.equal = True; i += 1
                elif m == "z":
                    spec.zero_width = True; i += 1
                elif m == "t":
                    spec.top = True; i += 1
                elif m == "d":
                    spec.bottom = True; i += 1
                elif m == "u":
                    spec.up = True; i += 1
                elif m == "x":
                    spec.expand = True; i += 1
                elif m == "m":           # macro name (GNU); skip its argument
                    i += 1
                    if i < n and s[i] == "(":
                        _, end = _read_paren(s, i)
                        i = n if end is None else end
                    else:
                        i = min(n, i + 2)
                else:
                    break
        else:
            ok = False
            report(lineno, i + 1, "tbl-bad-format-key",
                   f"unrecognised format key {ch!r}")
            i += 1
    finish()
    return rows, ended, ok


_FORMATISH = re.compile(r"^[\sA-Za-z0-9_\-=^|().,\[\]+]*$")


def _looks_like_format(text: str) -> bool:
    if "\t" in text or not _FORMATISH.match(text):
        return False
    # every word must start with a key letter or '|' / digit / '(' stuff
    for word in re.split(r"[\s,]+", text.strip().rstrip(".")):
        if word and word[0].lower() not in KEYS and word[0] != "|":
            return False
    return True


# ------------------------------------------------------------------ data

_REQUEST = re.compile(r"^[.'][A-Za-z&T]")


def parse_table(lines, report: Optional[Report] = None) -> Table:
    report = report or _nop
    lines = [(int(no), str(text)) for no, text in lines]
    table = Table(line=lines[0][0] if lines else 0)
    i = 0
    n = len(lines)
    if not lines:
        report(0, 1, "tbl-empty", "table has no format")
        return table

    # options: the first line, if it ends with ';'
    if lines[0][1].rstrip().endswith(";"):
        table.options = _parse_options(lines[0][1], lines[0][0], report)
        i = 1
    tab = table.options.get("tab") or "\t"

    def read_format(i: int, sec_line: int):
        section = Section(sec_line)
        while i < n:
            no, text = lines[i]
            if not text.strip():
                i += 1
                continue
            if section.formats and not _looks_like_format(text):
                report(no, 1, "tbl-missing-format-terminator",
                       "format not terminated by '.'")
                break
            rows, ended, _ok = parse_format_line(text, no, report)
            section.formats.extend(rows)
            i += 1
            if ended:
                break
        else:
            report(lines[-1][0], 1, "tbl-missing-format-terminator",
                   "format not terminated by '.'")
        if not section.formats:
            report(sec_line, 1, "tbl-empty-format", "no format rows")
            section.formats.append(FormatRow(sec_line, [ColumnSpec("l")]))
        table.sections.append(section)
        return i

    i = read_format(i, lines[i][0] if i < n else table.line)
    sec = 0
    fmt = 0

    def next_format(line: int):
        """Emit rule rows for pure-rule format rows; return format index."""
        nonlocal fmt
        fmts = table.sections[sec].formats
        while fmt < len(fmts) - 1 and fmts[fmt].is_rule:
            kind = "=" if any(s.key == "=" for s in fmts[fmt].specs) else "_"
            table.rows.append(RuleRow(kind, fmts[fmt].line, True, fmts[fmt]))
            fmt += 1
        idx = min(fmt, len(fmts) - 1)
        fmt += 1
        return idx

    while i < n:
        no, text = lines[i]
        # continuation lines ending with a backslash
        while text.endswith("\\") and not text.endswith("\\\\") and i + 1 < n:
            i += 1
            text = text[:-1] + lines[i][1]
        i += 1
        if _REQUEST.match(text):
            name = text[1:].split(None, 1)[0] if text[1:].strip() else ""
            if name == "T&":
                sec += 1
                fmt = 0
                i = read_format(i, no)
                continue
            table.rows.append(RequestRow(no, text))
            continue
        stripped = text.strip()
        if stripped in ("_", "=") and tab not in text.replace(stripped, "", 1):
            table.rows.append(RuleRow(stripped, no))
            continue
        comment = _comment_start(text, "\\")
        if comment >= 0:
            text = text[:comment]  # a comment ends the row, and is no entry of it
        row = DataRow(no, [], sec)
        row.format = next_format(no)
        # split into cells, handling T{ ... T} blocks
        pos = 0
        cur_no, cur = no, text
        while True:
            j = cur.find(tab, pos)
            piece = cur[pos:] if j < 0 else cur[pos:j]
            if piece == "T{" and j < 0:
                # block: lines until one starting with T}
                body = []
                first = None
                while i < n and not lines[i][1].startswith("T}"):
                    if first is None:
                        first = lines[i][0]
                    body.append(lines[i][1])
                    i += 1
                cell = Cell("\n".join(body), first if first is not None
                            else cur_no, 1, True)
                row.cells.append(cell)
                if i >= n:
                    report(cur_no, pos + 1, "tbl-unterminated-block",
                           "text block 'T{' without 'T}'")
                    break
                cur_no, cur = lines[i]
                i += 1
                rest = cur[2:]
                if not rest:
                    break
                if not rest.startswith(tab):
                    report(cur_no, 3, "tbl-text-after-block",
                           "text after 'T}' is not separated by a tab")
                    pos = 2
                    j = 1
                    # keep the rest as the next cell
                    row.cells.append(Cell(rest, cur_no, 3))
                    break
                pos = 3
                continue
            row.cells.append(Cell(piece, cur_no, pos + 1))
            if j < 0:
                break
            pos = j + 1
        fr = table.format_of(row)
        if fr is not None:
            ndata = sum(1 for s in fr.specs if s.key != "s")
            used = len(row.cells)
            while used > ndata and not row.cells[used - 1].text.strip():
                used -= 1  # a tab at the row's end opens no entry for groff or mandoc
            if used > ndata:
                extra = row.cells[ndata]
                report(extra.line, extra.col, "tbl-excess-cells",
                       f"data row has {len(row.cells)} cells but the format "
                       f"has {ndata} columns")
        table.rows.append(row)
    return table
