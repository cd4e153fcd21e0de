"""Syntax highlighting of code blocks with pygments, keeping the page's fonts.

Only ``docutils_bridge`` imports this module (pygments must stay off the lint
path).  ``highlight`` lexes the decoded text of a block and splits it where
either the token class or the roff font changes, so a SYNOPSIS keeps its
bold function names and italic parameters under the colours.
"""

from __future__ import annotations

from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.token import STANDARD_TYPES
from pygments.util import ClassNotFound

LIGHT_STYLE = "default"
DARK_STYLE = "github-dark"
# Token classes left unstyled (plain text and whitespace).
_PLAIN = {"", "w"}
# Prefix of the token classes in the output: docutils' HTML writer turns an
# inline node of class 's' (a string) into <s>, 'i' into <i> and so on.
CLASS_PREFIX = "tok-"


def token_class(ttype) -> str:
    """The class of a token type: 'tok-' and pygments' short name ('tok-k', 'tok-nf')."""
    while ttype not in STANDARD_TYPES and ttype.parent is not None:
        ttype = ttype.parent
    short = STANDARD_TYPES.get(ttype, "")
    return "" if short in _PLAIN else CLASS_PREFIX + short


def highlight(segments: list[tuple[str, str]], language: str) -> list[tuple[str, str, str]]:
    """Split (text, font) segments into (text, font, token class) pieces ('' when plain).

    Returns the segments unclassed when pygments has no lexer for ``language``.
    """
    text = "".join(t for t, _f in segments)
    try:
        lexer = get_lexer_by_name(language, stripnl=False, stripall=False, ensurenl=False)
    except ClassNotFound:
        return [(t, f, "") for t, f in segments]
    classes: list[tuple[int, str]] = []   # (end offset, class) per token
    pos = 0
    for ttype, value in lexer.get_tokens(text):
        if not value:
            continue
        cls = token_class(ttype)
        pos += len(value)
        classes.append((pos, cls))
    if pos < len(text):
        classes.append((len(text), ""))
    out: list[tuple[str, str, str]] = []
    start = 0
    ti = 0
    for seg_text, font in segments:
        seg_end = start + len(seg_text)
        while start < seg_end:
            while ti < len(classes) and classes[ti][0] <= start:
                ti += 1
            tok_end, cls = classes[ti] if ti < len(classes) else (seg_end, "")
            end = min(seg_end, tok_end)
            piece = text[start:end]
            if out and out[-1][1] == font and out[-1][2] == cls:
                out[-1] = (out[-1][0] + piece, font, cls)
            else:
                out.append((piece, font, cls))
            start = end
    return out


def token_css(selector: str = "pre.code") -> str:
    """Colours for the token classes: light, and dark under prefers-color-scheme."""
    def defs(style: str) -> str:
        try:
            formatter = HtmlFormatter(style=style, classprefix=CLASS_PREFIX)
        except ClassNotFound:      # an older pygments without the style
            formatter = HtmlFormatter(style="monokai" if style == DARK_STYLE else "default",
                                      classprefix=CLASS_PREFIX)
        getter = getattr(formatter, "get_token_style_defs", None)
        found = getter(selector) if getter is not None else formatter.get_style_defs(selector)
        return found if isinstance(found, str) else "\n".join(found)

    dark = "\n".join("  " + ln for ln in defs(DARK_STYLE).splitlines())
    return (f"/* pygments {LIGHT_STYLE} */\n{defs(LIGHT_STYLE)}\n"
            f"@media (prefers-color-scheme: dark) {{\n/* pygments {DARK_STYLE} */\n{dark}\n}}\n")
