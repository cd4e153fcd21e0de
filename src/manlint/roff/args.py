"""Split request and macro arguments the way groff does."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^ \t]+")


def parse_args(text: str, start: int, esc: str = "\\") -> list[tuple[str, int]]:
    """Arguments of a macro call from ``start``: [(argument, offset)].

    Arguments are separated by spaces or tabs.  One that starts with a double
    quote runs to the next lone quote; inside it ``""`` stands for a quote.
    An escape (``\\ ``, ``\\(xx``...) never splits an argument.
    """
    if text.find('"', start) < 0 and text.find(esc, start) < 0:
        # No quotes and no escapes (most macro lines): words split at blanks.
        return [(m.group(), m.start()) for m in _WORD.finditer(text, start)]
    args: list[tuple[str, int]] = []
    i = start
    n = len(text)
    while True:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            break
        if text[i] == '"':
            i += 1
            begin = i
            parts: list[str] = []
            while i < n:
                c = text[i]
                if c == esc and i + 1 < n:
                    i += 2
                    continue
                if c == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        parts.append(text[begin:i + 1])
                        i += 2
                        begin = i
                        continue
                    break
                i += 1
            parts.append(text[begin:i])
            args.append(("".join(parts), begin - (len("".join(parts[:-1])) if len(parts) > 1 else 0)))
            i += 1
        else:
            begin = i
            while i < n and text[i] not in " \t":
                if text[i] == esc and i + 1 < n:
                    i += 2
                    # \[...] may hold no spaces but keep brackets intact.
                    continue
                i += 1
            args.append((text[begin:i], begin))
    return args


def request_rest(text: str, start: int) -> str:
    """The rest of a request line as one argument (.ds, .so, .tr style)."""
    rest = text[start:]
    return rest[1:] if rest.startswith('"') else rest
