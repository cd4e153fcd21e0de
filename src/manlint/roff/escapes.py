"""Decode roff escape sequences in text and macro arguments.

``decode`` turns raw roff text into a list of pieces:

* ``("t", text, col, origin)``: printable text.  Non-printing effects that
  matter for filling are kept as marker characters (see below);
* ``("f", font, col, origin)``: a font change (``\\fB``, ``\\f[CR]``...);
* ``("c", "", col, origin)``: ``\\c``, the line continues into the next one.

Columns are 1-based positions in the raw line; text from a string
expansion carries the column of the ``\\*`` escape and an ``Origin``.
Nothing is dropped silently: unknown escapes and glyphs are reported.
"""

from __future__ import annotations

from typing import Callable, Protocol

from ..source import Origin
from . import glyphs
from .expr import CHAR_WIDTH, ExprError, evaluate, to_columns

# Marker characters shared with the text renderer.
ZERO_WIDTH = "\ue000"    # \&  and  \)
NO_HYPHEN = "\ue001"     # \%
BREAK_POINT = "\ue002"   # \:
NBSP = "\u00a0"          # \  and \0: unbreakable, never stretched
PADDABLE_SPACE = "\ue004"  # \~: unbreakable but stretched when adjusting
MINUS = "\ue005"          # \-: prints '-', never a break point
MARKERS = ZERO_WIDTH + NO_HYPHEN + BREAK_POINT

MAX_STRING_DEPTH = 32
MAX_STRING_EXPANSION = 1_000_000   # characters interpolated from strings per input line
MAX_PAGE_STRING_EXPANSION = 2_000_000  # ... and per page (real pages use under 10,000)


class EscapeContext(Protocol):
    escape_char: str
    string_budget: int  # characters that string interpolation may still add

    def get_string(self, name: str) -> tuple[str, Origin | None] | None: ...
    def get_register(self, name: str, col: int) -> str: ...
    def report(self, key: str, col: int, **kw) -> None: ...


# Escapes with one delimited argument whose effect we do not render.
_DELIMITED_IGNORED = set("bDHlLoSvxXZ")
# Escapes that take no argument and print nothing in nroff output.
_NO_OUTPUT = set("|^dru{}apjQ/,")
_FONT_NUMBERS = {"1": "R", "2": "I", "3": "B", "4": "BI", "P": "P", "R": "R",
                 "I": "I", "B": "B"}


def _read_name(raw: str, i: int) -> tuple[str, int] | None:
    """Read a roff name after an escape: x, (xx or [long name]."""
    n = len(raw)
    if i >= n:
        return None
    c = raw[i]
    if c == "(":
        if i + 3 > n:
            return None
        return raw[i + 1:i + 3], i + 3
    if c == "[":
        j = raw.find("]", i + 1)
        if j < 0:
            return None
        return raw[i + 1:j], j + 1
    return c, i + 1


def _read_delimited(raw: str, i: int) -> tuple[str, int] | None:
    """Read 'arg' with any delimiter character; None when unterminated."""
    if i >= len(raw):
        return None
    delim = raw[i]
    j = i + 1
    while j < len(raw):
        if raw[j] == "\\" and j + 1 < len(raw):
            j += 2
            continue
        if raw[j] == delim:
            return raw[i + 1:j], j + 1
        j += 1
    return None


def _read_size(raw: str, i: int) -> int:
    """Skip the argument of \\s in any of its forms; return the end index."""
    n = len(raw)
    if i < n and raw[i] in "+-":
        i += 1
    if i < n and raw[i] in "([":
        got = _read_name(raw, i)
        return got[1] if got else n
    if i < n and raw[i] == "'":
        got = _read_delimited(raw, i)
        return got[1] if got else n
    if i < n and raw[i].isdigit():
        if raw[i] in "123" and i + 1 < n and raw[i + 1].isdigit():
            return i + 2
        return i + 1
    return i


def decode(raw: str, col: int, ctx: EscapeContext, out: list,
           origin: Origin | None = None, depth: int = 0, at: int | None = None) -> None:
    """Append the pieces of ``raw`` (starting at column ``col``) to ``out``.

    ``at``: give every piece this column (the text of a string expansion is
    placed at the column of its escape); nested expansions append straight
    to ``out``, so deep nesting costs no copying.
    """
    esc = ctx.escape_char
    if esc not in raw:
        if raw:
            out.append(("t", raw, col if at is None else at, origin))
        return
    n = len(raw)
    i = 0
    buf: list[str] = []
    buf_col = col
    # The text gathered in buf goes out as one piece before a font change, a
    # string's pieces and \c (written out at each: no closure a call).

    while i < n:
        j = raw.find(esc, i)
        if j < 0:
            if not buf:
                buf_col = col + i
            buf.append(raw[i:])
            break
        if j > i:
            if not buf:
                buf_col = col + i
            buf.append(raw[i:j])
        here = col + j
        if not buf:
            buf_col = here
        if j + 1 >= n:
            # A lone trailing escape: the reader joins continuation lines,
            # so this only happens at the end of an argument.
            break
        c = raw[j + 1]
        i = j + 2
        if c == "f":
            if i < n and raw[i] != "(" and raw[i] != "[":
                name = raw[i]  # \fB: a one-letter name (most), read here
                i += 1
            else:
                got = _read_name(raw, i)
                if got is None:
                    ctx.report("unterminated-escape", here, escape="\\f")
                    i = n
                    continue
                name, i = got
            if buf:
                out.append(("t", "".join(buf), buf_col if at is None else at, origin))
                buf.clear()
            buf_col = col + i
            out.append(("f", _FONT_NUMBERS.get(name, name) or "P", here if at is None else at, origin))
        elif c in "(" "[" or c == "C":
            if c == "C":
                got = _read_delimited(raw, i)
            else:
                got = _read_name(raw, j + 1)
            if got is None:
                ctx.report("unterminated-escape", here, escape="\\" + c)
                i = n
                continue
            name, i = got
            if c == "[" and " " in name:
                name = name.split(" ", 1)[0]
            text = glyphs.lookup(name)
            if text is None:
                ctx.report("unknown-glyph", here, name=name)
            else:
                buf.append(text)
        elif c == "*":
            got = _read_name(raw, i)
            if got is None:
                ctx.report("unterminated-escape", here, escape="\\*")
                i = n
                continue
            name, i = got
            if " " in name:
                name = name.split(" ", 1)[0]
            found = ctx.get_string(name)
            if found is None:
                ctx.report("undefined-string", here, name=name)
                continue
            value, def_origin = found
            if depth >= MAX_STRING_DEPTH:
                ctx.report("expansion-limit", here, what=f"string nesting ({MAX_STRING_DEPTH})")
                continue
            if depth and _expanding(origin, name):
                # groff would recurse until its input stack overflows.
                ctx.report("expansion-limit", here, what=f"string {name} refers to itself")
                continue
            ctx.string_budget -= len(value) + 1
            if ctx.string_budget < 0:
                if ctx.string_budget + len(value) + 1 >= 0:
                    ctx.report("expansion-limit", here,
                               what=f"more than {MAX_STRING_EXPANSION} characters from strings on one line"
                                    f" or {MAX_PAGE_STRING_EXPANSION} on the page")
                continue
            if buf:
                out.append(("t", "".join(buf), buf_col if at is None else at, origin))
                buf.clear()
            buf_col = here
            where = Origin("string", name, def_origin.source if def_origin else None,
                           def_origin.line if def_origin else 0, origin)
            # String text is placed at the column of its escape.
            decode(value, here, ctx, out, where, depth + 1, here if at is None else at)
            buf_col = col + i
        elif c == "n":
            k = i
            if k < n and raw[k] in "+-":
                k += 1
            got = _read_name(raw, k)
            if got is None:
                ctx.report("unterminated-escape", here, escape="\\n")
                i = n
                continue
            name, i = got
            buf.append(ctx.get_register(name, here))
        elif c == "-":
            buf.append(MINUS)
        elif c == "e" or c == "\\" or c == "E":
            buf.append("\\")
        elif c == "&":
            buf.append(ZERO_WIDTH)
        elif c == ")":
            pass  # transparent to sentence ends: prints nothing
        elif c == " " or c == "0":
            buf.append(NBSP)
        elif c == "~":
            buf.append(PADDABLE_SPACE)
        elif c == "%":
            buf.append(NO_HYPHEN)
        elif c == ":":
            buf.append(BREAK_POINT)
        elif c == "c":
            if buf:
                out.append(("t", "".join(buf), buf_col if at is None else at, origin))
                buf.clear()
            buf_col = col + i
            out.append(("c", "", here if at is None else at, origin))
        elif c == "t":
            buf.append("\t")
        elif c == ".":
            buf.append(".")
        elif c == "'":
            buf.append("\u00b4")
        elif c == "`":
            buf.append("`")
        elif c == "_":
            buf.append("_")
        elif c == "h":
            got = _read_delimited(raw, i)
            if got is None:
                ctx.report("unterminated-escape", here, escape="\\h")
                i = n
                continue
            arg, i = got
            try:
                cols = to_columns(evaluate(arg.lstrip("|"), "m"))
            except (ExprError, OverflowError, ZeroDivisionError):
                cols = 0
            if cols > 0:
                buf.append(NBSP * min(cols, 200))
        elif c == "w":
            got = _read_delimited(raw, i)
            if got is None:
                ctx.report("unterminated-escape", here, escape="\\w")
                i = n
                continue
            arg, i = got
            sub = []
            if depth < MAX_STRING_DEPTH:
                decode(arg, here, ctx, sub, origin, depth + 1)
            width = sum(len(v) for k, v, _c, _o in sub if k == "t")
            buf.append(str(width * CHAR_WIDTH))
        elif c == "N":
            got = _read_delimited(raw, i)
            if got is None:
                ctx.report("unterminated-escape", here, escape="\\N")
                i = n
                continue
            arg, i = got
            char = glyphs.code_point(int(arg)) if arg.isdecimal() and len(arg) < 8 else None
            if char is not None:
                buf.append(char)
            else:
                ctx.report("unknown-glyph", here, name=f"N'{arg}'")
        elif c == "s":
            i = _read_size(raw, i)
        elif c in "AB":
            got = _read_delimited(raw, i)
            i = got[1] if got else n
            buf.append("1")
        elif c in _DELIMITED_IGNORED:
            got = _read_delimited(raw, i)
            if got is None:
                ctx.report("unterminated-escape", here, escape="\\" + c)
                i = n
                continue
            if c == "X":
                ctx.report("device-control-ignored", here)
            elif c in "lL":
                # \l'Nc' draws a rule: approximate with the drawing character.
                arg = got[0]
                try:
                    k = 0
                    while k < len(arg) and (arg[k].isdigit() or arg[k] in ".+-|"):
                        k += 1
                    if k < len(arg) and arg[k] in "mnivu":
                        k += 1
                    cols = to_columns(evaluate(arg[:k].lstrip("|"), "m")) if k else 0
                except (ExprError, OverflowError, ZeroDivisionError):
                    cols = 0
                if c == "l" and 0 < cols <= 200:
                    buf.append((arg[k:] or "_")[:1] * cols if arg[k:k + 1] != "\\" else "_" * cols)
            i = got[1]
        elif c in "gkmMFYVR":
            got = _read_name(raw, i) if c not in "R" else _read_delimited(raw, i)
            i = got[1] if got else n
        elif c == "z" or c == "O":
            # \z prints the next glyph without advancing; we keep the glyph.
            if c == "O" and i < n:
                i = (_read_name(raw, i) or ("", n))[1]
        elif c in _NO_OUTPUT:
            pass
        elif c == "$":
            # Macro arguments outside a macro body print nothing.
            got = _read_name(raw, i) if i < n and raw[i] in "([" else None
            i = got[1] if got else min(i + 1, n)
        elif c == '"' or c == "#":
            break
        elif c == "\n":
            pass
        else:
            ctx.report("unknown-escape", here, escape="\\" + c)
            buf.append(c)
    if buf:
        out.append(("t", "".join(buf), buf_col if at is None else at, origin))


def _expanding(origin: Origin | None, name: str) -> bool:
    """Is string ``name`` already being interpolated (in the chain of ``origin``)?"""
    while origin is not None:
        if origin.kind == "string" and origin.name == name:
            return True
        origin = origin.parent
    return False


def plain_text(raw: str, ctx: EscapeContext, col: int = 1) -> str:
    """The printable text of ``raw`` with markers removed (for names, titles);
    ``col`` is where ``raw`` starts in its line, for reports."""
    if ctx.escape_char not in raw:
        return strip_markers(raw)  # what decode() would give back: the text itself
    pieces: list = []
    decode(raw, col, ctx, pieces)
    text = "".join(v for k, v, _c, _o in pieces if k == "t")
    return strip_markers(text)


MARKER_TRANSLATION = str.maketrans({ZERO_WIDTH: None, NO_HYPHEN: None, BREAK_POINT: None, NBSP: " ",
                                    PADDABLE_SPACE: " ", MINUS: "-", "\ue003": None})


def strip_markers(text: str) -> str:
    if text.isascii():
        return text  # every marker is outside ASCII
    return text.translate(MARKER_TRANSLATION)


ReportFn = Callable[..., None]
