"""Markdown output, in the manner of ``mandoc -T markdown``.

The page keeps its line structure where that is harmless: every input text
line is one output line, so a diff of the Markdown reads like a diff of the
page.  Headings become ``#``/``##``, bold and italic ``**``/``*``, constant
width a code span, tagged paragraphs a bold term followed by its body as a
block quote (``> ``), bullet ``.IP`` lists ``- `` items, ``.RS`` a block
quote, ``.nf``/``.EX`` fenced code blocks (```` ```c ```` for C in SYNOPSIS
and EXAMPLES), tbl tables pipe tables, and ``.UR``/``.MT`` links
``[text](url)`` when the scheme is safe.  Text that Markdown would read as
markup or raw HTML is escaped.

The first half of this module holds the pieces the docutils bridge shares:
turning lines into (text, font, link) runs, cleaning the roff markers out of
text, the URL allow-list, grouping tagged paragraphs into lists, ids and the
code-language guess.  None of it imports docutils or pygments.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field

from ..man import nodes as N
from ..man.query import parse_tag, tagged_lists
from ..roff.escapes import BREAK_POINT, MINUS, NBSP, NO_HYPHEN, PADDABLE_SPACE, ZERO_WIDTH

JOIN = "\ue003"

# ---------------------------------------------------------------------------
# Shared with manlint.render.docutils_bridge
# ---------------------------------------------------------------------------

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

    def xref(name: str, section: str) -> str | None:
        name = clean(name, code=True).strip()
        section = clean(section, code=True).strip()
        if not name or not section:
            return None
        try:
            return pattern.format(name=urllib.parse.quote(name, safe=""),
                                  section=urllib.parse.quote(section, safe=""))
        except (KeyError, IndexError, ValueError):
            return None
    return xref


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


# ---- ids ------------------------------------------------------------------------

_SLUG_BAD = re.compile(r"[^A-Za-z0-9_.\-]+")


def slug(text: str) -> str:
    """An id from a heading or a tag name: 'SEE ALSO' -> 'SEE_ALSO', '--all' -> 'all'.

    ASCII letters, digits, '_', '-' and '.'; other characters become '_';
    leading and trailing punctuation is dropped.  Case is kept (like mandoc).
    """
    s = _SLUG_BAD.sub("_", clean(text, code=True).strip())
    s = re.sub(r"_+", "_", s)
    s = s.lstrip("_.-").rstrip("_.-")
    return s


class IdRegistry:
    """Unique ids: the second 'EINVAL' is 'EINVAL-2', the third 'EINVAL-3'."""

    def __init__(self):
        self.used: set[str] = set()

    def take(self, base: str, fallback: str = "") -> str | None:
        base = base or fallback
        if not base:
            return None
        if base[0].isdigit():
            base = (fallback or "n") + "-" + base
        candidate, k = base, 1
        while candidate in self.used:
            k += 1
            candidate = f"{base}-{k}"
        self.used.add(candidate)
        return candidate


def entry_id_bases(tag_text: str) -> list[str]:
    """Id bases for a tag: the slug of each name in it that has a letter, first name first.

    'MAP_HUGE_2MB, MAP_HUGE_1GB (since Linux 3.8)' -> ['MAP_HUGE_2MB', 'MAP_HUGE_1GB'].
    """
    names, _since = parse_tag(tag_text)
    out = []
    for name in names:
        base = slug(name)
        if re.search(r"[A-Za-z]", base) and base not in out:
            out.append(base)
    return out


# ---- tagged lists -------------------------------------------------------------------

BULLETS = frozenset({"\u2022", "*", "-", "o", "+", "\u00b7", "\u2219", "\u25e6", "\u2013", "\u2014"})


@dataclass
class ListEntry:
    node: N.Node                                        # the .TP or tagged .IP
    tags: list = field(default_factory=list)            # Tag nodes (.TQ adds more)
    parts: list = field(default_factory=list)           # ('body', node) or ('block', node)


@dataclass
class ListGroup:
    kind: str                                           # 'tags' or 'bullet'
    entries: list = field(default_factory=list)
    compact: bool = False                               # every tag is short


def _is_bullet(entry: ListEntry) -> bool:
    return len(entry.tags) == 1 and entry.node.tag.text() in BULLETS


def _split_bullets(entries: list[ListEntry]) -> list[ListGroup]:
    """A list's entries as groups: runs of bullet items apart from tagged entries.

    A bullet run becomes its own list when it is the whole list, has two or
    more items, or uses the bullet glyph; a lone '-' or '*' among options
    stays a tag (it is more likely the option '-').
    """
    runs: list[list[ListEntry]] = []
    for e in entries:
        if runs and _is_bullet(runs[-1][-1]) == _is_bullet(e):
            runs[-1].append(e)
        else:
            runs.append([e])
    groups: list[ListGroup] = []
    for run in runs:
        bullet = _is_bullet(run[0]) and (len(run) == len(entries) or len(run) > 1
                                         or run[0].node.tag.text() == "\u2022")
        if not bullet and groups and groups[-1].kind == "tags":
            groups[-1].entries.extend(run)
        else:
            groups.append(ListGroup("bullet" if bullet else "tags", list(run)))
    for g in groups:
        g.compact = all(len(e.node.tag.text()) <= 4 for e in g.entries)
    return groups


_LIST_STARTS = (N.TaggedParagraph, N.IndentedParagraph)


def block_items(container: N.Node) -> list[tuple]:
    """The children of ``container`` with tagged paragraphs grouped into lists.

    Items are ('node', child) or ('list', ListGroup); a list stands where its
    first entry stood.  Continuations of an entry (an untagged .IP, .RS,
    no-fill text or a table right after it, see ``query.tagged_lists``) are
    parts of the entry.  Comments and requests between entries are ignored.
    """
    children = container.children
    for child in children:
        if isinstance(child, _LIST_STARTS):
            break
    else:   # no list can start here
        return [("node", child) for child in children]
    groups = tagged_lists(container)
    owner: dict[int, ListGroup] = {}
    taken: set[int] = set()
    for lst in groups:
        entries = []
        for e in lst:
            le = ListEntry(e.node, [e.node.tag])
            for part in e.parts:
                of = getattr(part, "of", None)
                if of is not None:
                    if of is not e.node:
                        le.tags.append(of.tag)
                    le.parts.append(("body", of))
                    taken.add(id(of))
                else:
                    le.parts.append(("block", part))
                    taken.add(id(part))
            entries.append(le)
        for group in _split_bullets(entries):
            owner[id(group.entries[0].node)] = group
    items: list[tuple] = []
    for child in container.children:
        group = owner.get(id(child))
        if group is not None:
            items.append(("list", group))
        elif id(child) not in taken:
            items.append(("node", child))
    return items


# ---- code blocks ------------------------------------------------------------------------

def top_section_name(node: N.Node) -> str:
    """The name of the .SH section that holds ``node`` ('' when none)."""
    found = ""
    while node is not None:
        if isinstance(node, N.Section) and not isinstance(node, N.Subsection):
            found = node.name
        node = node.parent
    return found


_C_STRONG = re.compile(r"^\s*#\s*(include|define|ifdef|ifndef|if)\b", re.M)
_C_WEAK = re.compile(r"[;{}]\s*(/\*.*\*/\s*)?$|^\s*(int|void|char|struct|static|const|unsigned|"
                     r"long|size_t|ssize_t|typedef)\b.*[(;{]", re.M)
_CONSOLE = re.compile(r"^\s*[$#] ")
CODE_SECTIONS = frozenset({"SYNOPSIS", "EXAMPLES", "EXAMPLE"})


def code_language(text: str, section: str) -> str | None:
    """'c' or 'console' for a no-fill block in SYNOPSIS or EXAMPLES, else None."""
    if section.upper() not in CODE_SECTIONS:
        return None
    if _C_STRONG.search(text):
        return "c"
    first = next((ln for ln in text.split("\n") if ln.strip()), "")
    if _CONSOLE.match(first):
        return "console" if section.upper() != "SYNOPSIS" else None
    if _C_WEAK.search(text):
        return "c"
    return None


def nofill_lines(node: N.NoFill, xref=None) -> list[tuple]:
    """The lines of a no-fill block as items: ('line', runs) or ('block', node).

    A block item is a child that is not text (an .RS or a table inside .nf):
    the caller renders it between the literal parts.
    """
    out: list[tuple] = []
    cur: list[Run] | None = None
    joined = False
    for child in node.children:
        got = line_of(child, code=True, xref=xref)
        if got is not None:
            runs, join = got
            if isinstance(child, N.TextLine) and child.blank:
                cur = None
                out.append(("line", []))
                joined = False
                continue
            if cur is not None and joined:
                cur.extend(runs)
            else:
                cur = list(runs)
                out.append(("line", cur))
            joined = join
        elif isinstance(child, N.Request):
            if child.name == "sp":
                count = 1
                arg = child.args[0][0] if child.args else ""
                if arg.strip().isdigit():
                    count = min(int(arg.strip()), 5)
                out.extend(("line", []) for _ in range(count))
                cur = None
                joined = False
            elif child.name == "br":
                cur = None
                joined = False
        elif isinstance(child, (N.Comment, N.Macro)):
            continue
        else:
            out.append(("block", child))
            cur = None
            joined = False
    return out


def trim_lines(lines: list[list[Run]]) -> list[list[Run]]:
    """Blank lines off both ends."""
    def blank(ln):
        return not any(t.strip() for t, _f, _l in ln)
    start, end = 0, len(lines)
    while start < end and blank(lines[start]):
        start += 1
    while end > start and blank(lines[end - 1]):
        end -= 1
    return lines[start:end]


def title_parts(doc: N.Document) -> dict:
    """Header, footer and title texts of a page."""
    t = doc.title
    page = f"{clean(t.title)}({clean(t.section)})" if t and (t.title or t.section) else ""
    name_line = ""
    first_name = ""
    description = ""
    name = doc.section("NAME")
    if name is not None:
        body = [c for c in name.children]
        name_line = " ".join(clean(n.text()) for n in body if not isinstance(n, N.Comment)).strip()
        name_line = " ".join(name_line.split())
        m = re.match(r"(.*?)\s+[-\u2013\u2014]\s+(.*)", name_line)
        if m:
            names, description = m.group(1), m.group(2)
            first_name = names.split(",")[0].strip()
            name_line = f"{names} \u2014 {description}"
    return {
        "page": page,
        "manual": clean(t.manual) if t else "",
        "source": clean(t.source_name) if t else "",
        "date": clean(t.date) if t else "",
        "section": clean(t.section) if t else "",
        "name_line": name_line,
        "first_name": first_name,
        "description": description,
    }


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

_MD_ESCAPE = re.compile(r"([\\`*_\[\]])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\s*)(?:[#>+\-=|~]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    text = _MD_ESCAPE.sub(r"\\\1", text)
    text = _MD_ENTITY.sub("&amp;", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;").replace("\u00a0", "&nbsp;")
    return text


def _code_span(text: str) -> str:
    text = text.replace("\n", " ").replace("\u00a0", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or text.startswith(" ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_MARK = {"B": "**", "I": "*", "BI": "***"}


def md_inline(runs: list[Run]) -> str:
    """Runs as Markdown inline text; emphasis markers never enclose spaces at their ends."""
    out: list[str] = []
    groups: list[tuple[Href | None, list[Run]]] = []
    for run in merge_runs(runs):
        if groups and groups[-1][0] is run[2] and run[2] is not None:
            groups[-1][1].append(run)
        else:
            groups.append((run[2], [run]))
    for link, group in groups:
        text = "".join(_md_run(t, f) for t, f, _l in group)
        if link is not None:
            label = text.strip() or md_escape(link.url)
            url = link.url
            out.append(f"[{label}](<{url}>)" if re.search(r"[()\s]", url) else f"[{label}]({url})")
        else:
            out.append(text)
    return "".join(out)


def _md_run(text: str, font: str) -> str:
    if font == "CW":
        stripped = text.strip(" ")
        if not stripped:
            return md_escape(text)
        lead = text[:len(text) - len(text.lstrip(" "))]
        trail = text[len(text.rstrip(" ")):]
        return lead + _code_span(stripped) + trail
    mark = _MARK.get(font)
    escaped = md_escape(text)
    if not mark:
        return escaped
    core = escaped.strip()
    if not core:
        return escaped
    lead = escaped[:len(escaped) - len(escaped.lstrip())]
    trail = escaped[len(escaped.rstrip()):]
    return f"{lead}{mark}{core}{mark}{trail}"


def _md_line(runs: list[Run]) -> str:
    return _guard_line_start(md_inline(runs).strip())


def _guard_line_start(text: str) -> str:
    """Escape what would make a line a heading, quote, list item, rule or fence."""
    m = _MD_LINE_START.match(text)
    if not m:
        return text
    if text[m.end() - 1].isdigit():          # '1.' -> '1\.'
        return text[:m.end()] + "\\" + text[m.end():]
    return text[:m.end(1)] + "\\" + text[m.end(1):]


class MarkdownRenderer:
    """Blocks are lists of lines; containers join them with blank lines."""

    def __init__(self, xref_pattern: str | None = None):
        self.xref = make_xref(xref_pattern)

    # ---- containers ---------------------------------------------------------
    def blocks(self, container: N.Node) -> list[list[str]]:
        out: list[list[str]] = []
        para = _MdPara(self)
        for kind, item in block_items(container):
            if kind == "list":
                para.flush(out)
                out.extend(self.list_blocks(item))
            else:
                self.child(item, out, para)
        para.flush(out)
        return [b for b in out if b]

    def child(self, node: N.Node, out: list, para: "_MdPara") -> None:
        got = line_of(node, xref=self.xref)
        if got is not None:
            if isinstance(node, N.TextLine) and node.blank:
                para.flush(out)
                return
            para.add(*got)
            return
        if isinstance(node, N.Paragraph):
            para.flush(out)
            for kid in node.children:
                self.child(kid, out, para)
            return
        if isinstance(node, N.Request):
            if node.name == "br":
                para.hard_break()
            elif node.name in ("sp", "PP", "P", "LP"):
                para.flush(out)
            return
        if isinstance(node, (N.Comment, N.Macro, N.Title)):
            return
        para.flush(out)
        out.extend(self.block(node))

    def block(self, node: N.Node) -> list[list[str]]:
        if isinstance(node, N.Section):
            level = "##" if isinstance(node, N.Subsection) else "#"
            para = Para()
            for h in node.heading:
                got = line_of(h)
                if got is not None:
                    para.add(*got)
            heading = md_inline([(t, "R" if f == "B" else f, None) for t, f, _l in para.runs])
            return [[f"{level} {' '.join(heading.split()) or md_escape(node.name)}"]] + self.blocks(node)
        if isinstance(node, N.Inset):
            return [quote(self.blocks(node))]
        if isinstance(node, N.IndentedParagraph):
            if node.tag.children:
                group = ListGroup("tags", [ListEntry(node, [node.tag], [("body", node)])])
                return self.list_blocks(group)
            return [quote(self.blocks(node))]
        if isinstance(node, N.TaggedParagraph):
            group = ListGroup("tags", [ListEntry(node, [node.tag], [("body", node)])])
            return self.list_blocks(group)
        if isinstance(node, N.NoFill):
            return self.nofill(node)
        if isinstance(node, N.Synopsis):
            para = _MdPara(self)
            para.add([(clean(node.name), "B", None)])
            out: list[list[str]] = []
            for kid in node.children:
                self.child(kid, out, para)
            para.flush(out)
            return out
        if isinstance(node, N.Table):
            return [self.table(node)]
        if isinstance(node, N.Opaque):
            lines = [ln[-1] if isinstance(ln, tuple) else str(ln) for ln in node.lines]
            return [fence(lines, node.kind)]
        return []

    def list_blocks(self, group: ListGroup) -> list[list[str]]:
        out: list[list[str]] = []
        for entry in group.entries:
            body = self.entry_body(entry)
            if group.kind == "bullet":
                lines = _join_blocks(body)
                item = ["- " + (lines[0] if lines else "")]
                item.extend(("  " + ln) if ln else "" for ln in lines[1:])
                out.append(item)
            else:
                terms = [md_inline(tag_runs(t, self.xref)).strip() for t in entry.tags]
                terms = [t for t in terms if t]
                term_lines = [t + "  " for t in terms[:-1]] + terms[-1:]
                if term_lines:
                    out.append([_guard_line_start(t) for t in term_lines])
                if body:
                    out.append(quote(body))
        return out

    def entry_body(self, entry: ListEntry) -> list[list[str]]:
        out: list[list[str]] = []
        para = _MdPara(self)
        for kind, node in entry.parts:
            para.flush(out)
            if kind == "body":
                for kid in node.children:
                    self.child(kid, out, para)
            elif isinstance(node, N.IndentedParagraph) and not node.tag.children:
                for kid in node.children:
                    self.child(kid, out, para)
            else:
                para.flush(out)
                out.extend(self.block(node))
        para.flush(out)
        return [b for b in out if b]

    def nofill(self, node: N.NoFill) -> list[list[str]]:
        out: list[list[str]] = []
        lines: list[list[Run]] = []
        section = top_section_name(node)

        def flush():
            nonlocal lines
            text_lines = ["".join(t for t, _f, _l in ln).rstrip() for ln in trim_lines(lines)]
            if text_lines:
                out.append(fence(text_lines, code_language("\n".join(text_lines), section) or ""))
            lines = []

        for kind, item in nofill_lines(node, self.xref):
            if kind == "line":
                lines.append(item)
            else:
                flush()
                out.extend(self.block(item))
        flush()
        return out

    def table(self, node: N.Table) -> list[str]:
        layout = table_layout(node)
        if not layout.slots:
            return []

        def cell(g: GridCell, r: int, c: int) -> str:
            if g.row != r or g.col != c or g.kind != "text":
                return " "
            text = "<br>".join(md_inline(p) for p in cell_runs(g.cell, self.xref))
            return " ".join(text.replace("|", "\\|").split()) or " "

        lines = []
        for r, slots in enumerate(layout.slots):
            lines.append("| " + " | ".join(cell(g, r, c) for c, g in enumerate(slots)) + " |")
            if r == 0:
                lines.append("|" + "|".join("---" for _ in slots) + "|")
        return lines


class _MdPara:
    """Filled text in Markdown: one output line per input line (like mandoc)."""

    def __init__(self, renderer: MarkdownRenderer):
        self.r = renderer
        self.lines: list[list[Run]] = []
        self.joined = False
        self.breaks: set[int] = set()

    def add(self, runs: list[Run], joined: bool = False) -> None:
        if runs:
            if self.lines and self.joined:
                self.lines[-1].extend(runs)
            else:
                self.lines.append(list(runs))
        self.joined = joined if runs else (self.joined or joined)

    def hard_break(self) -> None:
        if self.lines:
            self.breaks.add(len(self.lines) - 1)
            self.joined = False

    def flush(self, out: list) -> None:
        texts = []
        for k, ln in enumerate(self.lines):
            text = _md_line(ln)
            if not text:
                continue
            if k in self.breaks and k != len(self.lines) - 1:
                text += "  "
            texts.append(text)
        if texts:
            out.append(texts)
        self.lines = []
        self.breaks = set()
        self.joined = False


def quote(blocks: list[list[str]]) -> list[str]:
    lines = _join_blocks(blocks)
    return [("> " + ln) if ln else ">" for ln in lines]


def _join_blocks(blocks: list[list[str]]) -> list[str]:
    lines: list[str] = []
    for b in blocks:
        if lines:
            lines.append("")
        lines.extend(b)
    return lines


def fence(lines: list[str], language: str = "") -> list[str]:
    longest = max((len(m) for ln in lines for m in re.findall(r"`{3,}", ln)), default=0)
    mark = "`" * max(3, longest + 1)
    lang = re.sub(r"[^A-Za-z0-9_+-]", "", language or "")
    return [mark + lang] + [ln.rstrip() for ln in lines] + [mark]


@dataclass(eq=False)
class GridCell:
    """One table entry: where it starts and how many rows and columns it covers."""
    cell: object                 # the TableCell node, or None for an empty entry
    kind: str                    # 'text', 'rule' or 'empty'
    spec: object                 # the tbl ColumnSpec, or None
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class TableLayout:
    ncols: int
    slots: list                  # per data row, per column: the GridCell covering it
    rules: list                  # per data row: '_' or '=' for a rule above it, else None
    rule_end: str | None = None  # a rule after the last row

    def starts(self, r: int) -> list:
        return [g for c, g in enumerate(self.slots[r]) if g.row == r and g.col == c]

    def split_block_spans(self) -> None:
        """Make every entry span rows or columns, not both (docutils' LaTeX writer
        cannot): such an entry keeps its columns and the rows below get empty
        entries of the same width."""
        for r, slots in enumerate(self.slots):
            for c, g in enumerate(slots):
                if g.row != r or g.col != c or g.rowspan == 1 or g.colspan == 1:
                    continue
                for below in range(r + 1, r + g.rowspan):
                    filler = GridCell(None, "empty", g.spec, below, c, 1, g.colspan)
                    for k in range(c, c + g.colspan):
                        self.slots[below][k] = filler
                g.rowspan = 1


def table_layout(node: N.Table) -> TableLayout:
    """The grid of a tbl table: horizontal spans (``s``) and vertical spans (``^``, ``\\^``)."""
    model = node.model
    rows = [r for r in node.children if isinstance(r, N.TableRow)]
    # Columns come from the format; cells past them are dropped, as tbl does.
    ncols = getattr(model, "ncols", 0) or max(
        (len([c for c in r.children if isinstance(c, N.TableCell)]) for r in rows), default=1) or 1
    layout = TableLayout(ncols, [], [])
    pending = None
    for row in rows:
        if row.kind in ("_", "="):
            pending = "=" if row.kind == "=" or pending == "=" else "_"
            continue
        if row.kind != "data":
            continue
        r = len(layout.slots)
        above = layout.slots[r - 1] if r else None
        fmt = model.format_of(row.data) if model is not None and row.data is not None else None
        specs = list(fmt.specs) if fmt is not None else []
        cells = iter(c for c in row.children if isinstance(c, N.TableCell))
        slots: list = []
        for c in range(ncols):
            spec = specs[c] if c < len(specs) else None
            key = spec.key if spec is not None else "l"
            if key == "s":
                left = slots[c - 1] if c else None
                if left is not None and left.col <= c < left.col + left.colspan:
                    slots.append(left)
                    continue
                if left is not None and left.row == r and left.col + left.colspan == c:
                    left.colspan += 1
                    slots.append(left)
                    continue
                slots.append(GridCell(None, "empty", spec, r, c))
                continue
            cell = next(cells, None)
            ckind = getattr(getattr(cell, "data", None), "kind", "text")
            if key == "^" or ckind == "vspan":
                up = above[c] if above else None
                if up is not None and up.col == c and up.row + up.rowspan == r:
                    up.rowspan += 1
                    slots.append(up)
                    continue
                if up is not None and up.row + up.rowspan - 1 == r and up.col <= c < up.col + up.colspan:
                    slots.append(up)
                    continue
                slots.append(GridCell(None, "empty", spec, r, c))
                continue
            if key in ("_", "=") or ckind in ("rule", "double", "short"):
                slots.append(GridCell(cell, "rule", spec, r, c))
            elif ckind == "repeat" or cell is None:
                slots.append(GridCell(None, "empty", spec, r, c))
            else:
                slots.append(GridCell(cell, "text", spec, r, c))
        layout.slots.append(slots)
        layout.rules.append(pending)
        pending = None
    layout.rule_end = pending
    return layout


def cell_runs(cell: N.TableCell, xref=None) -> list[list[Run]]:
    """The paragraphs of a table cell (a T{ T} block may have several)."""
    paras: list[Para] = [Para()]
    for line in cell.children:
        if isinstance(line, N.Request):
            if line.name in ("br", "sp") and not paras[-1].empty:
                paras.append(Para(["br"] if line.name == "br" else []))
            continue
        got = line_of(line, xref=xref)
        if got is not None:
            if isinstance(line, N.TextLine) and line.blank:
                if not paras[-1].empty:
                    paras.append(Para())
                continue
            paras[-1].add(*got)
    return [merge_runs(p.runs) for p in paras if not p.empty]


def render_markdown(doc: N.Document, xref_pattern: str | None = None) -> str:
    """The page as Markdown.  ``xref_pattern`` (e.g. DEFAULT_XREF) links name(section)."""
    r = MarkdownRenderer(xref_pattern)
    parts = title_parts(doc)
    out: list[list[str]] = []
    if parts["page"] or parts["manual"]:
        head = " - ".join(p for p in (parts["page"], parts["manual"]) if p)
        out.append([md_escape(head)])
    if doc.mdoc:
        out.append(["This page is written in mdoc(7), which manlint does not render."])
    else:
        out.extend(r.blocks(doc))
    foot = " - ".join(p for p in (parts["source"], parts["date"], parts["page"]) if p)
    if foot:
        out.append([md_escape(foot)])
    return "\n".join(_join_blocks(out)) + "\n"
