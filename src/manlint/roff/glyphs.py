"""groff special-character names and what the utf8 terminal device prints.

The table maps the two-letter and long glyph names that man pages use to
the text groff -Tutf8 prints for them (as configured by man's usual
-mtty-char).  Names of the form uXXXX (and uXXXX_YYYY composites) are
decoded arithmetically, so only named glyphs need an entry.
"""

from __future__ import annotations

import unicodedata

_GLYPHS = {
    # dashes, hyphens, quotes
    "-": "-", "hy": "\u2010", "mi": "\u2212", "en": "\u2013", "em": "\u2014",
    "lq": "\u201c", "rq": "\u201d", "oq": "\u2018", "cq": "\u2019",
    "aq": "'", "dq": '"', "Bq": "\u201e", "bq": "\u201a",
    "Fo": "\u00ab", "Fc": "\u00bb", "fo": "\u2039", "fc": "\u203a",
    "ga": "`", "aa": "\u00b4", "ha": "^", "ti": "~", "rs": "\\", "sl": "/",
    "ul": "_", "ru": "_", "ba": "|", "br": "\u2502", "bv": "\u23aa",
    "at": "@", "sh": "#", "Do": "$", "dd": "\u2021", "dg": "\u2020",
    "sc": "\u00a7", "ps": "\u00b6", "ct": "\u00a2", "Po": "\u00a3",
    "Ye": "\u00a5", "Eu": "\u20ac", "eu": "\u20ac", "Cs": "\u00a4",
    "co": "\u00a9", "rg": "\u00ae", "tm": "\u2122", "de": "\u00b0",
    "%0": "\u2030", "fm": "\u2032", "sd": "\u2033", "mc": "\u00b5",
    "Of": "\u00aa", "Om": "\u00ba", "r!": "\u00a1", "r?": "\u00bf",
    "bu": "\u2022", "ci": "\u25cb", "sq": "\u25a1", "lz": "\u25ca",
    "pc": "\u00b7", "OK": "\u2713",
    # arrows and maths
    "->": "\u2192", "<-": "\u2190", "<>": "\u2194", "ua": "\u2191",
    "da": "\u2193", "lA": "\u21d0", "rA": "\u21d2", "hA": "\u21d4",
    "uA": "\u21d1", "dA": "\u21d3", "va": "\u2195", "vA": "\u21d5",
    "+-": "\u00b1", "-+": "\u2213", "mu": "\u00d7", "di": "\u00f7",
    "<=": "\u2264", ">=": "\u2265", "!=": "\u2260", "==": "\u2261",
    "=~": "\u2245", "~~": "\u2248", "ap": "\u223c", "~=": "\u2248",
    "pt": "\u221d", "if": "\u221e", "sr": "\u221a", "sqrt": "\u221a",
    "is": "\u222b", "integral": "\u222b", "pd": "\u2202", "gr": "\u2207",
    "no": "\u00ac", "tno": "\u00ac", "AN": "\u2227", "OR": "\u2228",
    "fa": "\u2200", "te": "\u2203", "mo": "\u2208", "nm": "\u2209",
    "sb": "\u2282", "sp": "\u2283", "ib": "\u2286", "ip": "\u2287",
    "ca": "\u2229", "cu": "\u222a", "es": "\u2205", "**": "\u2217",
    "pl": "+", "eq": "=", "<<": "\u226a", ">>": "\u226b", "or": "|",
    "ff": "ff", "fi": "fi", "fl": "fl", "Fi": "ffi", "Fl": "ffl",
    "12": "\u00bd", "14": "\u00bc", "34": "\u00be", "S1": "\u00b9",
    "S2": "\u00b2", "S3": "\u00b3", "md": "\u22c5", "c*": "\u2297",
    "c+": "\u2295", "pp": "\u22a5", "/_": "\u2220", "3d": "\u2234",
    "tf": "\u2234", "Ah": "\u2135", "Im": "\u2111",
    "Re": "\u211c", "st": "\u220b", "product": "\u220f", "sum": "\u2211",
    "coproduct": "\u2210", "lc": "\u2308", "rc": "\u2309", "lf": "\u230a",
    "rf": "\u230b", "la": "\u27e8", "ra": "\u27e9", "lB": "[", "rB": "]",
    "lC": "{", "rC": "}", "an": "\u23af", "rn": "\u203e",
    "ts": "\u03c2", "hbar": "\u210f", "ss": "\u00df", "ae": "\u00e6",
    "AE": "\u00c6", "oe": "\u0153", "OE": "\u0152", "/o": "\u00f8",
    "/O": "\u00d8", "/l": "\u0142", "/L": "\u0141", "-D": "\u00d0",
    "Sd": "\u00f0", "TP": "\u00de", "Tp": "\u00fe", ".i": "\u0131",
    ".j": "\u0237", "IJ": "\u0132", "ij": "\u0133",
    # box drawing, used by some tables
    "rh": "\u261e", "lh": "\u261c",
    "CR": "\u21b5", "SP": "\u2660",
}

# Accented letters: groff names them by accent and letter ('e, `a, :u, ^o, ~n, ,c, oa).
_EXTRA = {"vS", "vs", "vZ", "vz", ":Y"}
_ACCENTS = {"'": "\u0301", "`": "\u0300", ":": "\u0308", "^": "\u0302",
            "~": "\u0303", ",": "\u0327", "o": "\u030a", "v": "\u030c"}
for _mark, _comb in _ACCENTS.items():
    for _letter in "AEIOUYNCaeiouyncSsZz":
        _comp = unicodedata.normalize("NFC", _letter + _comb)
        # groff's utf8 device knows the Latin-1 letters and a few more.
        if len(_comp) == 1 and (ord(_comp) <= 0xFF or _mark + _letter in _EXTRA):
            _GLYPHS.setdefault(_mark + _letter, _comp)

# Lone accents.
_GLYPHS.update({"a\"": "\u02dd", "a-": "\u00af", "a.": "\u02d9", "a^": "^",
                "ab": "\u02d8", "ac": "\u00b8", "ad": "\u00a8", "ah": "\u02c7",
                "ao": "\u02da", "a~": "~", "ho": "\u02db"})


def code_point(n: int) -> str | None:
    """The character ``n`` names, or None for what no page may print.

    Control characters (C0, DEL, C1) would reach a terminal as commands,
    surrogates cannot be encoded and numbers past U+10FFFF name nothing.
    """
    if n < 0x20 or 0x7F <= n <= 0x9F or 0xD800 <= n <= 0xDFFF or n > 0x10FFFF:
        return None
    return chr(n)


def lookup(name: str) -> str | None:
    """Return what groff prints for glyph ``name``, or None if unknown."""
    g = _GLYPHS.get(name)
    if g is not None:
        return g
    if len(name) >= 5 and name[0] == "u":
        try:
            chars = [code_point(int(part, 16)) for part in name[1:].split("_")]
        except ValueError:
            return None
        return None if None in chars else "".join(chars)
    if name.startswith("char") and name[4:].isdecimal() and len(name) < 12:
        return code_point(int(name[4:]))
    return None
