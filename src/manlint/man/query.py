"""Questions lint, renderers and the page diff ask of a tree.

``tagged_lists`` groups a container's tagged paragraphs into lists the way
a reader sees them: consecutive .TP entries (with their .TQ extra tags and
their untagged .IP, .RS and no-fill continuations) until a paragraph macro
or anything else interrupts the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import nodes as N

_SINCE = re.compile(r"\(\s*since\s+([^)]*?)\s*\)", re.IGNORECASE)


@dataclass(slots=True)
class Entry:
    """One entry of a tagged list: a flag, an error code, an option..."""

    node: N.Node                      # the .TP (or tagged .IP) that starts it
    tag: str                          # the whole tag text
    names: list[str]
    since: str | None
    parts: list[N.Node] = field(default_factory=list)   # body and continuations

    @property
    def name(self) -> str:
        return self.names[0] if self.names else self.tag

    @property
    def line(self) -> int:
        return self.node.line

    @property
    def text(self) -> str:
        pieces = [p.text() for p in self.parts]
        return " ".join(" ".join(p for p in pieces if p).split())


def parse_tag(tag: str) -> tuple[list[str], str | None]:
    """Names and "(since ...)" version of a tag such as 'MAP_A, MAP_B (since Linux 3.8)'."""
    since = None
    m = _SINCE.search(tag) if "(" in tag else None  # (most tags have no parenthesis)
    head = tag
    if m:
        since = m.group(1)
        head = tag[:m.start()]
    names = []
    for part in head.split(","):
        words = part.split()
        if words:
            names.append(words[0])
    return names, since


def _entry(node: N.Node) -> Entry:
    tag = node.tag.text()
    names, since = parse_tag(tag)
    return Entry(node, tag, names, since, [_Body(node)])


class _Body(N.Node):
    """The body of a tagged paragraph without its tag (for text())."""
    __slots__ = ("of",)

    def __init__(self, of: N.Node):
        N.Node.__init__(self, of.source, of.line, of.col, of.origin)  # (no super() lookup: one a tagged entry)
        self.of = of

    def all_children(self):
        return self.of.children


def tagged_lists(container: N.Node) -> list[list[Entry]]:
    """The lists of tagged entries directly inside ``container``."""
    lists: list[list[Entry]] = []
    current: list[Entry] | None = None
    # Exact classes (none of these has subclasses but Request): one test a child.
    for child in container.children:
        kind = type(child)
        if kind is N.TaggedParagraph:
            if child.macro == "TQ" and current:
                extra, since = parse_tag(child.tag.text())
                last = current[-1]
                last.names.extend(extra)
                last.tag += ", " + child.tag.text()
                last.since = last.since or since
                last.parts.append(_Body(child))
                continue
            if current is None:
                current = []
                lists.append(current)
            current.append(_entry(child))
        elif kind is N.IndentedParagraph and child.macro == "IP":
            if child.tag.children:
                if current is None:
                    current = []
                    lists.append(current)
                current.append(_entry(child))
            elif current:
                current[-1].parts.append(child)
        elif kind in _CONTINUATIONS and current:
            current[-1].parts.append(child)
        elif kind is N.Comment or (kind in _REQUESTS and child.name not in ("SH", "SS")):
            continue
        else:
            current = None
    return lists


_CONTINUATIONS = frozenset((N.Inset, N.NoFill, N.Table))
_REQUESTS = frozenset((N.Request, N.Macro))


LIST_CONTAINERS = (N.Document, N.Section, N.Inset, N.Paragraph)


def all_entries(node: N.Node, containers: list[N.Node] | None = None) -> list[Entry]:
    """Every tagged entry anywhere below ``node``, in document order.

    ``containers``, when the caller has them at hand, are the nodes below
    ``node`` (and itself) that are list containers: no walk is needed then.
    """
    out: list[Entry] = []
    if containers is not None:
        for container in containers:
            for lst in tagged_lists(container):
                out.extend(lst)
        out.sort(key=lambda e: (e.node.line, e.node.col))
        return out
    # Lists live in blocks: text lines and their inline children are skipped.
    stack = [node]
    while stack:
        n = stack.pop()
        if n is node or isinstance(n, LIST_CONTAINERS):
            for lst in tagged_lists(n):
                out.extend(lst)
        kids = n.all_children()
        if kids:
            stack.extend(k for k in reversed(kids) if not k.is_inline)
    out.sort(key=lambda e: (e.node.line, e.node.col))
    return out
