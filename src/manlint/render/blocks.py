"""The block structure renderers share: tagged paragraphs grouped into lists
(bullet runs apart from tagged entries), no-fill blocks as lines with the
code-language guess for SYNOPSIS and EXAMPLES, and the title parts of a
page for its header and footer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..man import nodes as N
from ..man.query import tagged_lists
from .runs import Run, clean, line_of

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


def _is_bullet(entry: ListEntry, text: str | None = None) -> bool:
    if text is None:
        text = entry.node.tag.text()
    return len(entry.tags) == 1 and text in BULLETS


def _split_bullets(entries: list[ListEntry]) -> list[ListGroup]:
    """A list's entries as groups: runs of bullet items apart from tagged entries.

    A bullet run becomes its own list when it is the whole list, has two or
    more items, or uses the bullet glyph; a lone '-' or '*' among options
    stays a tag (it is more likely the option '-').
    """
    text = {id(e): e.node.tag.text() for e in entries}     # each tag's text, once
    bullet = {id(e): _is_bullet(e, text[id(e)]) for e in entries}
    runs: list[list[ListEntry]] = []
    for e in entries:
        if runs and bullet[id(runs[-1][-1])] == bullet[id(e)]:
            runs[-1].append(e)
        else:
            runs.append([e])
    groups: list[ListGroup] = []
    for run in runs:
        is_bullets = bullet[id(run[0])] and (len(run) == len(entries) or len(run) > 1
                                             or text[id(run[0])] == "\u2022")
        if not is_bullets and groups and groups[-1].kind == "tags":
            groups[-1].entries.extend(run)
        else:
            groups.append(ListGroup("bullet" if is_bullets else "tags", list(run)))
    for g in groups:
        g.compact = all(len(text[id(e)]) <= 4 for e in g.entries)
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
