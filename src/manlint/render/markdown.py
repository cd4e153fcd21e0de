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

This module is the walk over the tree that lays out blocks of lines; the
Markdown text itself comes from ``markdown_text``, and the pieces shared
with the docutils bridge from ``runs``, ``blocks``, ``ids`` and
``tbl_layout``.
"""

from __future__ import annotations

from ..man import nodes as N
from .blocks import (ListEntry, ListGroup, block_items, code_language, nofill_lines, title_parts,
                     top_section_name, trim_lines)
from .ids import slug
from .markdown_text import fence, guard_line_start, join_blocks, md_escape, md_inline, md_line, quote
from .runs import Para, Run, clean, line_of, make_xref, safe_url, tag_runs
from .tbl_layout import GridCell, cell_runs, table_layout

# md_escape, safe_url and slug live in markdown_text, runs and ids; importers of
# this module have used them from here.
__all__ = ["MarkdownRenderer", "md_escape", "render_markdown", "safe_url", "slug"]


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
                lines = join_blocks(body)
                item = ["- " + (lines[0] if lines else "")]
                item.extend(("  " + ln) if ln else "" for ln in lines[1:])
                out.append(item)
            else:
                terms = [md_inline(tag_runs(t, self.xref)).strip() for t in entry.tags]
                terms = [t for t in terms if t]
                term_lines = [t + "  " for t in terms[:-1]] + terms[-1:]
                if term_lines:
                    out.append([guard_line_start(t) for t in term_lines])
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
            text = md_line(ln)
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
    return "\n".join(join_blocks(out)) + "\n"
