"""roff numeric expressions, as used in conditions and spacing requests.

groff evaluates strictly left to right (no precedence) with parentheses;
values carry a scale indicator.  Results are in basic units of the nroff
utf8 device: a character cell is 24 units wide, a line 40 units high.
"""

from __future__ import annotations

import math

CHAR_WIDTH = 24
LINE_HEIGHT = 40
UNITS_PER_INCH = 240

UNIT_SCALE = {
    "u": 1, "i": UNITS_PER_INCH, "c": UNITS_PER_INCH / 2.54, "p": UNITS_PER_INCH / 72,
    "P": UNITS_PER_INCH / 6, "m": CHAR_WIDTH, "n": CHAR_WIDTH, "M": CHAR_WIDTH / 100,
    "v": LINE_HEIGHT, "s": 1, "z": 1, "f": 65536, "q": UNITS_PER_INCH / 288,
}

# Parentheses and unary operators nested deeper than this are an error (the
# evaluator recurses on them); real expressions nest two or three levels.
MAX_EXPR_DEPTH = 64

_OPS2 = ("<=", ">=", "==", "<>", "<?", ">?")
_OPS1 = "+-*/%<>=&:"


class ExprError(ValueError):
    pass


def evaluate(text: str, default_unit: str = "u") -> float:
    """Evaluate a roff expression whose registers are already interpolated."""
    value, pos = _expr(text, 0, default_unit)
    if text[pos:].strip():
        raise ExprError(f"unexpected {text[pos:]!r}")
    return value


def evaluate_prefix(text: str, default_unit: str = "u") -> tuple[float, int]:
    """The value of the expression at the start of ``text`` and where it ends;
    requests read that much and ignore the rest (".in +0.25in")."""
    return _expr(text, 0, default_unit)


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] == " ":
        pos += 1
    return pos


def _expr(text: str, pos: int, unit: str, depth: int = 0) -> tuple[float, int]:
    value, pos = _term(text, pos, unit, depth)
    while True:
        pos = _skip(text, pos)
        if pos >= len(text) or text[pos] == ")":
            return value, pos
        op = text[pos:pos + 2]
        if op in _OPS2:
            pos += 2
        elif text[pos] in _OPS1:
            op = text[pos]
            pos += 1
        else:
            return value, pos
        rhs, pos = _term(text, pos, unit, depth)
        value = _apply(op, value, rhs)
        if not math.isfinite(value):
            raise ExprError("number out of range")


def _apply(op: str, a: float, b: float) -> float:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return int(a / b) if b else 0
    if op == "%":
        return a % b if b else 0
    if op == "<":
        return float(a < b)
    if op == ">":
        return float(a > b)
    if op == "<=":
        return float(a <= b)
    if op == ">=":
        return float(a >= b)
    if op in ("=", "=="):
        return float(a == b)
    if op == "<>":
        return float(a != b)
    if op == "&":
        return float(a > 0 and b > 0)
    if op == ":":
        return float(a > 0 or b > 0)
    if op == "<?":
        return min(a, b)
    if op == ">?":
        return max(a, b)
    raise ExprError(op)


def _term(text: str, pos: int, unit: str, depth: int = 0) -> tuple[float, int]:
    pos = _skip(text, pos)
    if pos >= len(text):
        raise ExprError("missing operand")
    if depth >= MAX_EXPR_DEPTH:
        raise ExprError(f"expression nested deeper than {MAX_EXPR_DEPTH}")
    c = text[pos]
    if c in "+-":
        value, pos = _term(text, pos + 1, unit, depth + 1)
        return (-value if c == "-" else value), pos
    if c == "!":
        value, pos = _term(text, pos + 1, unit, depth + 1)
        return float(value <= 0), pos
    if c == "(":
        value, pos = _expr(text, pos + 1, unit, depth + 1)
        pos = _skip(text, pos)
        if pos < len(text) and text[pos] == ")":
            pos += 1
        return value, pos
    start = pos
    while pos < len(text) and (text[pos].isdigit() or text[pos] == "."):
        pos += 1
    if pos == start:
        raise ExprError(f"bad number at {text[start:start + 10]!r}")
    try:
        number = float(text[start:pos])
    except ValueError:
        raise ExprError(text[start:pos]) from None
    scale = UNIT_SCALE.get(unit, 1)
    if pos < len(text) and text[pos] in UNIT_SCALE:
        scale = UNIT_SCALE[text[pos]]
        pos += 1
    if not math.isfinite(number * scale):
        raise ExprError(f"number out of range at {text[start:start + 10]!r}")
    return number * scale, pos


# Distances for the terminal are clamped: no page means an indent wider than
# any terminal or a gap of more than a screen, and unclamped ones let one
# input line ('.PD 9999999999', '.in 99999999999n') hang the renderer or
# make it print gigabytes.
MAX_COLUMNS = 1000
MAX_LINES = 100


def to_columns(units: float) -> int:
    return max(-MAX_COLUMNS, min(MAX_COLUMNS, int(round(units / CHAR_WIDTH))))


def to_lines(units: float) -> int:
    return max(-MAX_LINES, min(MAX_LINES, int(round(units / LINE_HEIGHT))))
