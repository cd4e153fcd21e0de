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
    got = _CLASSES.get(ttype)
    if got is None:
        t = ttype
        while t not in STANDARD_TYPES and t.parent is not None:
            t = t.parent
        short = STANDARD_TYPES.get(t, "")
        got = _CLASSES[ttype] = "" if short in _PLAIN else CLASS_PREFIX + short
    return got


_CLASSES: dict = {}
_LEXERS: dict = {}


def _lexer(language: str):
    """The pygments lexer of a language, made once (None when there is none)."""
    if language not in _LEXERS:
        try:
            lexer = get_lexer_by_name(language, stripnl=False, stripall=False, ensurenl=False)
        except ClassNotFound:
            lexer = None
        if lexer is not None:
            from .fastlex import install
            install(lexer)      # the same tokens, found quicker (when it can)
        _LEXERS[language] = lexer
    return _LEXERS[language]


def prepare() -> None:
    """Make the lexers of the languages the bridge asks for ('c', 'console')."""
    for language in ("c", "console"):
        lexer = _lexer(language)
        if lexer is not None:
            for _token in _tokens(lexer, "int x;\n"):
                pass


def _tokens(lexer, text: str):
    """(token type, value) of ``text``, as ``lexer.get_tokens`` gives them.

    The lexer's input preprocessing (BOM, CR) changes nothing in text that
    has neither, and it has no filters: then the tokens are read straight
    from ``get_tokens_unprocessed`` (``fastlex``'s, when it could install it).
    """
    if "\r" in text or text.startswith("\ufeff") or lexer.filters:
        yield from lexer.get_tokens(text)
        return
    for _i, ttype, value in lexer.get_tokens_unprocessed(text):
        yield ttype, value


_RUNS: dict = {}
_RUNS_MAX = 4096


def _token_classes(lexer, language: str, text: str) -> list[tuple[int, str]]:
    """(end offset, class) of each run of tokens of one class in ``text``.

    Kept per text: the same SYNOPSIS lines recur from page to page.
    """
    key = (language, text)
    got = _RUNS.get(key)
    if got is not None:
        return got
    classes: list[tuple[int, str]] = []
    pos = 0
    for ttype, value in _tokens(lexer, text):
        if not value:
            continue
        cls = token_class(ttype)
        pos += len(value)
        if classes and classes[-1][1] == cls:
            classes[-1] = (pos, cls)
        else:
            classes.append((pos, cls))
    if pos < len(text):
        classes.append((len(text), ""))
    if len(_RUNS) >= _RUNS_MAX:
        _RUNS.clear()
    _RUNS[key] = classes
    return classes


def highlight(segments: list[tuple[str, str]], language: str) -> list[tuple[str, str, str]]:
    """Split (text, font) segments into (text, font, token class) pieces ('' when plain).

    Returns the segments unclassed when pygments has no lexer for ``language``.
    """
    text = "".join(t for t, _f in segments)
    lexer = _lexer(language)
    if lexer is None:
        return [(t, f, "") for t, f in segments]
    classes = _token_classes(lexer, language, text)
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
