"""Split request and macro arguments the way groff does."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^ \t]+")
# One argument after blanks: quoted (group 1, up to a lone quote or the end)
# or not (group 2); an escape pair never ends either.  For the default escape
# character, and lines without a doubled quote (the loop below handles those).
_ARG = re.compile(r'[ \t]*(?:"((?:[^"\\]|\\.|\\\Z)*)"?|((?:[^ \t\\]|\\.|\\\Z)+))', re.S)


def split_words(text: str, start: int) -> list[tuple[str, int]]:
    """The words of ``text`` from ``start`` split at blanks (spaces and tabs): [(word, offset)]."""
    if "\t" in text:
        return [(m.group(), m.start()) for m in _WORD.finditer(text, start)]
    # str.split on one space, in C, costs half the regex: a match object per
    # word is dearer than the loop below on the few words of a macro line.
    words = []
    at = start
    for word in text[start:].split(" "):
        if word:
            words.append((word, at))
        at += len(word) + 1
    return words


def parse_args(text: str, start: int, esc: str = "\\") -> list[tuple[str, int]]:
    """Arguments of a macro call from ``start``: [(argument, offset)].

    Arguments are separated by spaces or tabs.  One that starts with a double
    quote runs to the next lone quote; inside it ``""`` stands for a quote.
    An escape (``\\ ``, ``\\(xx``...) never splits an argument.
    """
    if text.find('"', start) < 0 and text.find(esc, start) < 0:
        # No quotes and no escapes (most macro lines): words split at blanks.
        return split_words(text, start)
    if esc == "\\" and text.find('""', start) < 0:
        return [(m.group(1), m.start(1)) if m.group(2) is None else (m.group(2), m.start(2))
                for m in _ARG.finditer(text, start)]
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
