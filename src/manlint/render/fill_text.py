"""Character-level helpers for the line filler: markers, widths, output.

The filler's text uses a few private-use characters as markers for roff
escapes that influence formatting but print nothing (see ``fill.py``).
This module knows which characters they are, how wide text is on a
terminal, and how to turn filled lines into plain, SGR or overstruck text
the way grotty does.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: roff ``\&``: prints nothing; hides an adjacent period from sentence-end detection.
ZERO_WIDTH = "\ue000"
#: roff ``\%``: at a word start, don't hyphenate; inside a word, a hyphenation point.
NO_HYPHEN = "\ue001"
#: roff ``\:``: the line may break here, no hyphen is printed.
BREAK_POINT = "\ue002"
#: roff ``\c``: the next input line continues this word (see Filler.add_line).
JOIN = "\ue003"
#: roff ``\~``: unbreakable space that *is* stretched when a line is adjusted
#: (U+00A0 is roff ``\ ``, which is neither breakable nor stretched).
PADDABLE_SPACE = "\ue004"
#: roff ``\-``: prints ``-`` but, unlike ``-``, never allows a break after it.
MINUS = "\ue005"

NBSP = "\u00a0"

#: internal: a ``\%`` that starts an input line joined to the previous word
#: by ``\c``; groff then inhibits hyphenation of the whole word
INHIBITOR = "\ue006"

#: markers that print nothing at all
INVISIBLE = ZERO_WIDTH + NO_HYPHEN + BREAK_POINT + JOIN + INHIBITOR
MARKERS = INVISIBLE + PADDABLE_SPACE + MINUS

#: characters after which groff may break a word (cflags 2: -, \(hy, \(em)
DASHES = "-\u2010\u2014"
#: sentence-ending characters (groff cflags 1)
SENTENCE_END = ".?!"
#: characters transparent to sentence-end detection (groff cflags 32:
#: " ' ) ] * \(dg \(rq, and \(cq/U+2019 as groff 1.22.4 -Tutf8 treats it)
TRANSPARENT = "\"')]*\u2020\u201d\u2019"

_STRIP_TABLE = {ord(c): None for c in INVISIBLE}
_OUT_TABLE = dict(_STRIP_TABLE)
_OUT_TABLE[ord(PADDABLE_SPACE)] = " "
_OUT_TABLE[ord(MINUS)] = "-"
_OUT_TABLE[ord(NBSP)] = " "


def strip_markers(s: str) -> str:
    """Remove the invisible markers (keeps the space/minus markers)."""
    return s.translate(_STRIP_TABLE)


def printable(s: str) -> str:
    """Text as printed: markers removed, space markers as spaces."""
    if s.isascii():
        return s
    return s.translate(_OUT_TABLE)


@lru_cache(maxsize=4096)
def _char_width(c: str) -> int:
    o = ord(c)
    if o < 0x20 or 0x7F <= o < 0xA0:
        return 0
    if "\ue000" <= c <= "\ue0ff":
        return 1 if c in (PADDABLE_SPACE, MINUS) else 0
    if o == 0x200B or 0x200C <= o <= 0x200F or 0x2060 <= o <= 0x2064 or o == 0xFEFF:
        return 0
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me"):
        return 0
    if unicodedata.east_asian_width(c) in ("W", "F"):
        return 2
    return 1


def display_width(s: str) -> int:
    """Terminal width of *s* (East Asian wide = 2, combining = 0, markers 0)."""
    if s.isascii():
        if s.isprintable():
            return len(s)
    return sum(_char_width(c) for c in s)


def ends_sentence(raw: str) -> bool:
    """Whether text ending with *raw* ends a sentence, as groff decides."""
    i = len(raw) - 1
    while i >= 0 and raw[i] in TRANSPARENT:
        i -= 1
    return i >= 0 and raw[i] in SENTENCE_END


# ---------------------------------------------------------------------------
# output conversion


def to_plain(lines) -> str:
    """Lines joined with newlines, fonts dropped, trailing spaces stripped."""
    return "\n".join("".join(t for t, _ in line).rstrip() for line in lines)


_SGR_ON = {"B": "\x1b[1m", "I": "\x1b[4m", "BI": "\x1b[1m\x1b[4m"}
_SGR_OFF = {"B": "\x1b[22m", "I": "\x1b[24m", "BI": "\x1b[24m\x1b[22m"}


def _trimmed(line):
    line = list(line)
    while line:
        t, f = line[-1]
        s = t.rstrip(" ")
        if s:
            line[-1] = (s, f)
            break
        line.pop()
    return line


def to_sgr(lines) -> str:
    """Bold as SGR 1, italic as SGR 4 (underline), as grotty does; each
    styled run is closed at its end.  Spaces are never styled."""
    out = []
    for line in lines:
        parts = []
        for text, font in _trimmed(line):
            on = _SGR_ON.get(font)
            if on is None:
                parts.append(text)
                continue
            # grotty styles glyphs, not the motions between them
            pieces = text.split(" ")
            for k, piece in enumerate(pieces):
                if k:
                    parts.append(" ")
                if piece:
                    parts.append(on + piece + _SGR_OFF[font])
        out.append("".join(parts))
    return "\n".join(out)


def to_overstrike(lines) -> str:
    """grotty's old style: bold ``X\\bX``, italic ``_\\bX``, both ``_\\bX\\bX``."""
    out = []
    for line in lines:
        parts = []
        for text, font in _trimmed(line):
            if font == "B":
                parts.append("".join(c if c == " " else c + "\b" + c for c in text))
            elif font == "I":
                parts.append("".join(c if c == " " else "_\b" + c for c in text))
            elif font == "BI":
                parts.append("".join(c if c == " " else "_\b" + c + "\b" + c for c in text))
            else:
                parts.append(text)
        out.append("".join(parts))
    return "\n".join(out)
