"""Page text as runs: (text, font, link) triples, the unit every renderer but
the terminal one builds its inline output from.

Turning text lines, font macros, cross-references and .UR/.MT links into
runs; cleaning the roff markers out of text; the URL allow-list and the
cross-reference pattern; joining input lines into filled text (``Para``).
Shared by the Markdown renderer and the docutils bridge; imports neither
docutils nor pygments.
"""

from __future__ import annotations

import re
import urllib.parse

from ..man import nodes as N
from ..roff.escapes import BREAK_POINT, MINUS, NBSP, NO_HYPHEN, PADDABLE_SPACE, ZERO_WIDTH

JOIN = "\ue003"

_FILL = str.maketrans({ZERO_WIDTH: None, NO_HYPHEN: None, BREAK_POINT: None, JOIN: None,
                       NBSP: "\u00a0", PADDABLE_SPACE: "\u00a0", MINUS: "-", "\xad": None})
_CODE = str.maketrans({ZERO_WIDTH: None, NO_HYPHEN: None, BREAK_POINT: None, JOIN: None,
                       NBSP: " ", PADDABLE_SPACE: " ", MINUS: "-", "\xad": None})
# Characters no HTML or XML output may carry: C0/C1 controls (tab and newline
# excepted), lone surrogates and the non-characters.
_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def clean(text: str, code: bool = False) -> str:
    """Page text ready for output: roff markers decoded, unprintable characters dropped.

    In filled text an unbreakable space stays U+00A0; in code it is a space.
    """
    if text.isascii() and text.isprintable():
        return text     # the markers are not ASCII, nor is a character to drop
    text = text.translate(_CODE if code else _FILL)
    return _BAD_CHARS.sub("", text) if _BAD_CHARS.search(text) else text


class Href:
    """A link target.  Runs of one link share the same Href object."""
    __slots__ = ("url", "kind")

    def __init__(self, url: str, kind: str):
        self.url = url
        self.kind = kind      # 'man' (a cross-reference), 'url' (.UR) or 'mail' (.MT)

    def __repr__(self) -> str:
        return f"Href({self.url!r}, {self.kind!r})"


Run = tuple  # (text, font, Href | None)

URL_SCHEMES = frozenset({"http", "https", "ftp"})
MAIL_SCHEMES = frozenset({"mailto"})
_UNSAFE_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f<>\"'`\\]")
DEFAULT_XREF = "../man{section}/{name}.{section}.html"


def safe_url(target: str, mail: bool = False) -> str | None:
    """The href for a .UR (or, with ``mail``, .MT) target, or None when it must stay text.

    Only http, https and ftp URLs (and mailto: for .MT) become links; a
    target with spaces, quotes, angle brackets or control characters never
    does, so no ``javascript:``, ``data:`` or ``vbscript:`` link can come out.
    """
    target = clean(target, code=True).strip()
    if not target or _UNSAFE_URL.search(target):
        return None
    if mail:
        address = target[7:] if target.lower().startswith("mailto:") else target
        if not re.fullmatch(r"[^@:/?#]+@[^@:/?#]+", address):
            return None
        return "mailto:" + address
    try:
        parts = urllib.parse.urlsplit(target)
    except ValueError:
        return None
    if parts.scheme.lower() not in URL_SCHEMES or not parts.netloc:
        return None
    return target


def make_xref(pattern: str | None):
    """A function (name, section) -> href from a pattern with {name} and {section}.

    Both values are percent-encoded, so a name cannot break out of the URL.
    """
    if pattern is None:
        return None
    got = _XREFS.get(pattern)
    if got is None:
        if len(_XREFS) >= 16:
            _XREFS.clear()
        got = _XREFS[pattern] = _make_xref(pattern)
    return got


_XREFS: dict = {}


def _make_xref(pattern: str):
    made: dict = {}     # the same references recur from page to page

    def xref(name: str, section: str) -> str | None:
        got = made.get((name, section), _NOT_MADE)
        if got is not _NOT_MADE:
            return got
        clean_name = clean(name, code=True).strip()
        clean_section = clean(section, code=True).strip()
        got = None
        if clean_name and clean_section:
            try:
                got = pattern.format(name=urllib.parse.quote(clean_name, safe=""),
                                     section=urllib.parse.quote(clean_section, safe=""))
            except (KeyError, IndexError, ValueError):
                pass
        if len(made) < 4096:
            made[(name, section)] = got
        return got
    return xref


_NOT_MADE = object()


def node_runs(node: N.Node, code: bool = False, xref=None) -> list[Run]:
    """The runs of a TextLine or FontMacro (or of one Text or Reference)."""
    kids = node.children if isinstance(node, (N.TextLine, N.FontMacro)) else [node]
    runs: list[Run] = []
    for kid in kids:
        if isinstance(kid, N.Text):
            text = clean(kid.value, code)
            if text:
                runs.append((text, kid.font, None))
        elif isinstance(kid, N.Reference):
            url = xref(kid.name, kid.section) if xref else None
            link = Href(url, "man") if url else None
            runs.append((clean(kid.name, code), kid.font, link))
            if kid.section:
                runs.append((f"({clean(kid.section, code)})", "R", link))
    return runs


def link_runs(link: N.Link, code: bool = False, xref=None) -> list[Run]:
    """The runs of a .UR/.MT link: its text as one link, or plain text when unsafe."""
    mail = link.macro == "MT"
    url = safe_url(link.target, mail=mail)
    href = Href(url, "mail" if mail else "url") if url else None
    para = Para()
    for child in link.children:
        if isinstance(child, (N.TextLine, N.FontMacro, N.Text, N.Reference)):
            para.add(node_runs(child, code, None), getattr(child, "joined", False))
        elif isinstance(child, N.Request) and child.name == "br":
            para.add([(" ", "R", None)])
    target = clean(link.target, code=True).strip()
    runs = para.runs
    if not any(t.strip() for t, _f, _l in runs):
        return [(target, "R", href)] if target else []
    if href is None:
        return runs + ([(f" \u27e8{target}\u27e9", "R", None)] if target else [])
    return [(t, f, href) for t, f, _l in runs]


def merge_runs(runs: list[Run]) -> list[Run]:
    """Adjacent runs with the same font and link merged into one."""
    out: list[Run] = []
    last_font = last_link = _NO_RUN
    for run in runs:
        text, font, link = run
        if not text:
            continue
        if font == last_font and link is last_link:
            out[-1] = (out[-1][0] + text, font, link)
        else:
            out.append(run)
            last_font, last_link = font, link
    return out


_NO_RUN = object()


class Para:
    """Filled text being collected: lines joined by a space, or by nothing after \\c."""
    __slots__ = ("runs", "joined", "classes")

    def __init__(self, classes=()):
        self.runs: list[Run] = []
        self.joined = False
        self.classes = list(classes)

    def add(self, runs: list[Run], joined: bool = False) -> None:
        if not runs:
            self.joined = self.joined or joined
            return
        if self.runs and not self.joined:
            prev_link = self.runs[-1][2]
            self.runs.append((" ", "R", prev_link if prev_link is runs[0][2] else None))
        self.runs.extend(runs)
        self.joined = joined

    @property
    def empty(self) -> bool:
        return not any(t.strip() for t, _f, _l in self.runs)


def line_of(child: N.Node, code: bool = False, xref=None) -> tuple[list[Run], bool] | None:
    """(runs, joined) for an inline child of a paragraph, or None for a non-inline one."""
    if isinstance(child, (N.TextLine, N.FontMacro, N.Text, N.Reference)):
        return node_runs(child, code, xref), getattr(child, "joined", False)
    if isinstance(child, N.Link):
        return link_runs(child, code, xref), child.punctuated
    return None


def tag_runs(tag: N.Tag, xref=None) -> list[Run]:
    para = Para()
    for child in tag.children:
        got = line_of(child, xref=xref)
        if got is not None:
            para.add(*got)
    return merge_runs(para.runs)
