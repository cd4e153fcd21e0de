"""``manlint tree``: the document tree with positions, one node a line."""

from __future__ import annotations

from ..man import nodes as N


def _position(node: N.Node, page_path: str) -> str:
    pos = f"{node.line}:{node.col}"
    if node.is_block and node.end_line and node.end_line != node.line:
        pos += f"-{node.end_line}"
    if node.source is not None and node.source.path != page_path:
        pos = f"{node.source.path}:{pos}"
    if node.origin is not None:
        pos += f" <{node.origin.kind} {node.origin.name}"
        if node.origin.source is not None:
            pos += f" at {node.origin.source.path}:{node.origin.line}"
        pos += ">"
    return pos


def _extra(node: N.Node) -> str:
    if isinstance(node, N.Title):
        return " " + " ".join(repr(f) for f in (node.title, node.section, node.date,
                                                 node.source_name, node.manual) if f)
    if isinstance(node, N.Link):
        return f" {node.target!r}"
    if isinstance(node, N.Synopsis):
        return f" {node.name!r}"
    if isinstance(node, (N.TaggedParagraph, N.IndentedParagraph)) and node.width:
        return f" width={node.width!r}"
    if isinstance(node, N.Inset) and node.indent:
        return f" indent={node.indent!r}"
    if isinstance(node, N.NoFill) and node.continued:
        return " (continued)"
    if isinstance(node, N.TableRow) and node.kind != "data":
        return f" {node.kind}"
    if isinstance(node, N.Opaque):
        return f" {node.kind} ({len(node.lines)} lines)"
    return ""


def dump(doc: N.Document, comments: bool = True) -> str:
    page = doc.source.path if doc.source else ""
    out: list[str] = []
    stack = [(doc, 0)]
    while stack:
        node, depth = stack.pop()
        if not comments and isinstance(node, N.Comment):
            continue
        out.append(f"{'  ' * depth}{node.describe()}{_extra(node)} {_position(node, page)}")
        kids = node.all_children()
        stack.extend((k, depth + 1) for k in reversed(kids))
    return "\n".join(out) + "\n"
