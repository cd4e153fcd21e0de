"""Conditions of .if, .ie and .while, as groff's nroff mode sees them."""

from __future__ import annotations

from . import glyphs
from .expr import ExprError, evaluate


class ConditionError(ValueError):
    pass


# Built-in one-letter conditions for a terminal device on an odd page.
_LETTERS = {"n": True, "t": False, "o": True, "e": False, "v": False}


def _end_of_expression(text: str, pos: int, esc: str) -> int:
    depth = 0
    n = len(text)
    i = pos
    while i < n:
        c = text[i]
        if c == esc:
            if text.startswith(esc + "{", i):
                break
            # Register and width escapes belong to the expression.
            i += 2
            if i <= n and text[i - 1:i] in ("(",):
                i += 2
            elif i <= n and text[i - 1:i] == "[":
                k = text.find("]", i)
                i = k + 1 if k >= 0 else n
            elif text[i - 1:i] in ("n", "w", "*"):
                if i < n and text[i] in "+-" and text[i - 1] == "n":
                    i += 1
                if i < n and text[i] == "(":
                    i += 3
                elif i < n and text[i] == "[":
                    k = text.find("]", i)
                    i = k + 1 if k >= 0 else n
                elif i < n and text[i - 1] == "w":
                    d = text[i]
                    k = text.find(d, i + 1)
                    i = k + 1 if k >= 0 else n
                else:
                    i += 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c in " \t" and depth <= 0:
            break
        i += 1
    return i


def evaluate_condition(text: str, pos: int, reader) -> tuple[bool, int]:
    """Evaluate the condition at ``pos``; return (result, index after it)."""
    esc = reader.escape_char
    n = len(text)
    while pos < n and text[pos] in " \t":
        pos += 1
    negate = False
    while pos < n and text[pos] == "!":
        negate = not negate
        pos += 1
    if pos >= n:
        raise ConditionError("missing condition")
    c = text[pos]
    nxt = text[pos + 1:pos + 2]
    if c in _LETTERS and (nxt in ("", " ", "\t") or nxt == esc):
        result, after = _LETTERS[c], pos + 1
    elif c in "drmcFS" and nxt in (" ", "\t") or (c == "c" and nxt == esc):
        k = pos + 1
        while k < n and text[k] in " \t":
            k += 1
        e = k
        while e < n and text[e] not in " \t":
            e += 1
        name = text[k:e]
        if c == "d":
            result = name in reader.strings or name in reader.macros
        elif c == "r":
            result = name in reader.registers
        elif c == "c":
            plain = name
            if name.startswith(esc + "(") or name.startswith(esc + "["):
                plain = name[2:].rstrip("]")
            elif name.startswith(esc + "C'"):
                plain = name[3:].rstrip("'")
            result = len(plain) == 1 or glyphs.lookup(plain) is not None
        else:
            result = False
        after = e
    elif c.isdigit() or c in "(+-" or c == esc or c == "|":
        end = _end_of_expression(text, pos, esc)
        expr_text = reader.plain(text[pos:end])
        try:
            result = evaluate(expr_text) > 0
        except (ExprError, OverflowError, ZeroDivisionError) as exc:
            raise ConditionError(f"{text[pos:end]!r}: {exc}") from None
        after = end
    else:
        # String comparison: 'a'b' with any delimiter.
        d = c
        first = text.find(d, pos + 1)
        second = text.find(d, first + 1) if first >= 0 else -1
        if first < 0 or second < 0:
            raise ConditionError(f"unterminated string comparison {text[pos:pos + 20]!r}")
        left = reader.plain(text[pos + 1:first])
        right = reader.plain(text[first + 1:second])
        result, after = left == right, second + 1
    return (not result if negate else result), after
