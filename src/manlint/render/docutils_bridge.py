"""Render a page through docutils: our tree becomes a docutils doctree.

``build_doctree`` maps the man(7) tree onto standard docutils nodes; then
``render_with_docutils`` runs one of docutils' writers on it (html5, xml,
latex, pseudoxml).  Nothing from the page is ever passed as raw markup:
every piece of text is a docutils Text node, which the writers escape.

The mapping:

* the NAME line is the document title; ``.TH`` gives the header and footer;
* ``.SH``/``.SS`` are ``section`` nodes with ``title``; ids are the heading
  text with spaces as '_' (``SEE_ALSO``, ``The_flags_argument``);
* filled text is ``paragraph``; ``.br`` starts a new paragraph with the
  class ``br`` (no space above it);
* a run of ``.TP``/tagged ``.IP`` is a ``definition_list`` (class ``tags``),
  one ``definition_list_item`` per entry, a ``term`` per tag (``.TQ`` adds
  terms).  Each term gets an id from the first name of its tag
  (``MAP_FIXED_NOREPLACE``, ``EEXIST``; ``-2``, ``-3``... for repeats) and
  one more for each further name (``MAP_HUGE_1GB``), which HTML writes as
  an empty ``<span id>`` inside the ``<dt>``; a run of bullet ``.IP`` is a
  ``bullet_list``;
* ``.RS`` and untagged ``.IP`` are ``block_quote``; ``.HP`` a paragraph of
  class ``hanging``; ``.SY`` a paragraph of class ``synopsis``;
* ``.nf``/``.EX`` are ``literal_block`` with the classes ``code``, ``nf`` or
  ``ex``, and the language (``c``, ``console``) when one is recognised in
  SYNOPSIS or EXAMPLES: then the text is highlighted with pygments into
  ``inline`` nodes of the token classes, the page's fonts kept inside;
* fonts B, I, BI, CW are ``strong``, ``emphasis``, both, ``literal``;
* name(section) is a ``reference`` to ``xref_pattern``; ``.UR``/``.MT`` are
  a ``reference`` only for http, https, ftp and mailto, else plain text;
* tbl tables are ``table``/``tgroup``/``colspec``/``tbody``/``row``/``entry``
  with ``morecols``/``morerows`` for spans;
* eqn/pic blocks are literal blocks of their source (class ``eqn``/``pic``).
"""

from __future__ import annotations

from docutils import nodes

from ..man import nodes as N
from ..man.walk import Visitor
from .docutils_nodes import adopt, dispose, element, factory, text_element
from .docutils_nodes import text as make_text
from .docutils_publish import WRITERS, new_document, publish_html, publish_other
from .blocks import (
    ListEntry,
    ListGroup,
    block_items,
    code_language,
    nofill_lines,
    title_parts,
    top_section_name,
    trim_lines,
)
from .ids import IdRegistry, entry_id_bases, slug
from .runs import DEFAULT_XREF, Para, clean, line_of, make_xref, merge_runs, tag_runs
from .tbl_layout import GridCell, cell_runs, table_layout



# ---- inline nodes -----------------------------------------------------------------

_FONT_ELEMENT = {"B": nodes.strong, "I": nodes.emphasis, "CW": nodes.literal}


def font_node(text: str, font: str) -> nodes.Node:
    cls = _FONT_ELEMENT.get(font)
    if cls is not None:
        return text_element(cls, text)
    if font == "BI":
        return adopt(element(nodes.strong, text), text_element(nodes.emphasis, text))
    return make_text(text)


def inline_nodes(runs) -> list[nodes.Node]:
    """Runs as docutils inline nodes; the runs of one link become one reference."""
    out: list[nodes.Node] = []
    ref: nodes.reference | None = None
    current = None
    for text, font, link in merge_runs(runs):
        if link is None:
            ref = current = None
            out.append(font_node(text, font))
            continue
        if ref is None or current is not link:
            classes = ["manref"] if link.kind == "man" else [link.kind]
            ref = element(nodes.reference, "", classes, refuri=link.url)
            current = link
            out.append(ref)
        adopt(ref, font_node(text, font))
    return out


class _Flow:
    """Filled text and blocks going into one docutils container."""

    def __init__(self, container: nodes.Element):
        self.container = container
        self.para: Para | None = None
        self.next_classes: list[str] = []

    def add(self, runs, joined: bool = False) -> None:
        if self.para is None:
            self.para = Para(self.next_classes)
            self.next_classes = []
        self.para.add(runs, joined)

    def close(self) -> None:
        para, self.para = self.para, None
        if para is None or para.empty:
            return
        runs = list(para.runs)
        # Drop white space at the ends of the paragraph.
        while runs and not runs[0][0].strip():
            runs.pop(0)
        while runs and not runs[-1][0].strip():
            runs.pop()
        if runs:
            runs[0] = (runs[0][0].lstrip(), runs[0][1], runs[0][2])
            runs[-1] = (runs[-1][0].rstrip(), runs[-1][1], runs[-1][2])
        adopt(self.container, adopt(element(nodes.paragraph, "", para.classes), *inline_nodes(runs)))

    def br(self) -> None:
        if self.para is not None and not self.para.empty:
            self.close()
            self.next_classes = ["br"]

    def block(self, node: nodes.Node) -> None:
        self.close()
        self.next_classes = []
        adopt(self.container, node)


# ---- the tree walk ------------------------------------------------------------------

class DoctreeBuilder(Visitor):
    """A visitor over our tree that fills a docutils document.

    Every node class has a ``visit_`` method (the visitor is strict); most
    return False and walk their children themselves.
    """

    strict = True

    def __init__(self, document: nodes.document, xref_pattern: str | None = DEFAULT_XREF,
                 block_spans: bool = True):
        super().__init__()
        self.block_spans = block_spans   # entries may span rows and columns at once
        self.document = document
        self.xref = make_xref(xref_pattern)
        self.ids = IdRegistry()
        self.flow = _Flow(document)

    def walk(self, node: N.Node) -> None:
        """``Visitor.walk`` with less to do per node: the visit methods of this
        builder walk the children themselves (they return False)."""
        found = self._dispatch.get(node.__class__)
        if found is None:
            found = self._methods(node.__class__)
        visit, depart = found
        if visit(node) is not False:
            for child in node.all_children():
                self.walk(child)
        if depart is not None:
            depart(node)

    # ---- helpers --------------------------------------------------------------------
    def _in(self, container: nodes.Element, children) -> None:
        """Walk ``children`` (a container's block items) into ``container``."""
        saved = self.flow
        self.flow = _Flow(container)
        try:
            self._items(children)
        finally:
            self.flow.close()
            self.flow = saved

    def _items(self, items) -> None:
        for kind, item in items:
            if kind == "list":
                self._list(item)
            else:
                self.walk(item)

    def _id(self, node: nodes.Element, base: str, fallback: str = "") -> None:
        got = self.ids.take(base, fallback)
        if got:
            node["ids"].append(got)
            self.document.ids[got] = node

    def _list(self, group: ListGroup) -> None:
        if group.kind == "bullet":
            lst = element(nodes.bullet_list, bullet="*")
        else:
            lst = element(nodes.definition_list, "", ["tags"] + (["compact"] if group.compact else []))
        self.flow.block(lst)
        for entry in group.entries:
            if group.kind == "bullet":
                body = element(nodes.list_item)
                adopt(lst, body)
            else:
                item = element(nodes.definition_list_item)
                for tag in entry.tags:
                    term = adopt(element(nodes.term), *inline_nodes(tag_runs(tag, self.xref)))
                    for base in entry_id_bases(tag.text()):
                        self._id(term, base, "entry")
                    adopt(item, term)
                body = element(nodes.definition)
                adopt(item, body)
                adopt(lst, item)
            saved = self.flow
            self.flow = _Flow(body)
            try:
                for kind, node in entry.parts:
                    if kind == "body" or (isinstance(node, N.IndentedParagraph)
                                          and not node.tag.children):
                        self.flow.close()
                        self._items(block_items(node))
                    else:
                        self.walk(node)
            finally:
                self.flow.close()
                self.flow = saved

    # ---- document and sections -------------------------------------------------------
    def visit_Document(self, node: N.Document):
        parts = title_parts(node)
        doc = self.document
        heading = parts["name_line"] or parts["page"]
        if heading:
            doc += nodes.title(heading, heading)
        if parts["first_name"] and parts["section"]:
            doc["title"] = f"{parts['first_name']}({parts['section']}) \u2014 {parts['description']}"
        else:
            doc["title"] = heading or "manual page"
        if parts["page"] or parts["manual"]:
            head = nodes.paragraph(classes=["running"])
            for cls, text in (("page", parts["page"]), ("manual", parts["manual"]),
                              ("page", parts["page"])):
                adopt(head, text_element(nodes.inline, text, [cls]))
            doc.get_decoration().get_header().append(head)
        if parts["source"] or parts["date"]:
            foot = nodes.paragraph(classes=["running"])
            for cls, text in (("source", parts["source"]), ("date", parts["date"]),
                              ("page", parts["page"])):
                adopt(foot, text_element(nodes.inline, text, [cls]))
            doc.get_decoration().get_footer().append(foot)
        if node.mdoc:
            text = "This page is written in mdoc(7), which manlint does not render."
            self.flow.block(nodes.paragraph(text, text))
            return False
        self._items(block_items(node))
        self.flow.close()
        return False

    def visit_Title(self, node):
        return False

    def visit_Section(self, node: N.Section):
        self.flow.close()
        sec = element(nodes.section)
        self._id(sec, slug(node.name), "section")
        para = Para()
        for h in node.heading:
            got = line_of(h)
            if got is not None:
                para.add(*got)
        runs = [(t, "R" if f == "B" else f, None) for t, f, _l in para.runs]
        adopt(sec, adopt(element(nodes.title), *inline_nodes(runs)))
        self._place(sec)
        self._in(sec, block_items(node))
        return False

    visit_Subsection = visit_Section

    def _place(self, sec: nodes.section) -> None:
        container = self.flow.container
        self.flow.close()
        adopt(container, sec)

    # ---- paragraphs and lists ----------------------------------------------------------
    def visit_Paragraph(self, node: N.Paragraph):
        self.flow.close()
        self._items(block_items(node))
        return False

    def visit_TaggedParagraph(self, node: N.TaggedParagraph):
        # Only reached for a .TP outside any list (block_items groups the rest).
        self._list(ListGroup("tags", [ListEntry(node, [node.tag], [("body", node)])]))
        return False

    def visit_IndentedParagraph(self, node: N.IndentedParagraph):
        if node.tag.children:
            return self.visit_TaggedParagraph(node)
        if node.macro == "HP":
            self.flow.close()
            self.flow.next_classes = ["hanging"]
            self._items(block_items(node))
            self.flow.close()
            return False
        quote = element(nodes.block_quote, "", ["indented"])
        self.flow.block(quote)
        self._in(quote, block_items(node))
        return False

    def visit_Tag(self, node):
        return False   # terms are built in _list

    def visit_Inset(self, node: N.Inset):
        quote = element(nodes.block_quote, "", ["inset"])
        self.flow.block(quote)
        self._in(quote, block_items(node))
        return False

    def visit_Synopsis(self, node: N.Synopsis):
        self.flow.close()
        self.flow.next_classes = ["synopsis"]
        if node.name:
            self.flow.add([(clean(node.name), "B", None)])
        self._items(block_items(node))
        self.flow.close()
        return False

    # ---- no-fill text ------------------------------------------------------------------
    def visit_NoFill(self, node: N.NoFill):
        self.flow.close()
        section = top_section_name(node)
        lines: list = []

        def flush():
            nonlocal lines
            kept = trim_lines(lines)
            lines = []
            if kept:
                self.flow.block(self._literal(kept, section, node))

        for kind, item in nofill_lines(node, self.xref):
            if kind == "line":
                lines.append(item)
            else:
                flush()
                self.walk(item)
        flush()
        return False

    def _literal(self, lines, section: str, node: N.Node) -> nodes.literal_block:
        text = "\n".join("".join(t for t, _f, _l in ln) for ln in lines)
        language = code_language(text, section)
        classes = ["code", "ex" if getattr(node, "macro", "") == "EX" else "nf"]
        if language:
            classes.append(language)
        block = element(nodes.literal_block, text, classes)
        if language:
            from .highlight import highlight
            # (highlight merges neighbours of one font and class itself)
            segments = []
            for k, ln in enumerate(lines):
                if k:
                    segments.append(("\n", "R"))
                segments.extend([(t, f) for t, f, _l in ln])
            kids = []
            append = kids.append
            make_inline = factory(nodes.inline)
            for piece, font, cls in highlight(segments, language):
                if not cls:
                    append(font_node(piece, font))
                elif font in _FONT_ELEMENT or font == "BI":
                    append(adopt(make_inline(piece, [cls]), font_node(piece, font)))
                else:
                    span = make_inline(piece, [cls])
                    child = make_text(piece)
                    span.children.append(child)
                    child.parent = span
                    append(span)
            adopt(block, *kids)
        else:
            runs = []
            for k, ln in enumerate(lines):
                if k:
                    runs.append(("\n", "R", None))
                runs.extend(ln)
            adopt(block, *inline_nodes(runs))
        return block

    def visit_Opaque(self, node: N.Opaque):
        lines = [clean(ln[-1] if isinstance(ln, tuple) else str(ln), code=True) for ln in node.lines]
        text = "\n".join(lines)
        self.flow.block(nodes.literal_block(text, text, classes=["code", node.kind or "opaque"]))
        return False

    # ---- links -------------------------------------------------------------------------
    def visit_Link(self, node: N.Link):
        runs, joined = line_of(node, xref=self.xref)
        self.flow.add(runs, joined)
        return False

    # ---- tables ------------------------------------------------------------------------
    def visit_Table(self, node: N.Table):
        layout = table_layout(node)
        if not layout.slots:
            return False
        if not self.block_spans:
            layout.split_block_spans()
        options = getattr(node.model, "options", {}) or {}
        classes = ["colwidths-auto", "tbl"]
        for name in ("box", "allbox", "doublebox", "center", "expand"):
            if options.get(name):
                classes.append(name)
        if layout.rule_end:
            classes.append("rule-below")
        table = nodes.table(classes=classes)
        group = nodes.tgroup(cols=layout.ncols)
        adopt(table, group)
        for _ in range(layout.ncols):
            adopt(group, nodes.colspec(colwidth=1))
        body = nodes.tbody()
        adopt(group, body)
        for r in range(len(layout.slots)):
            row = element(nodes.row)
            rule = layout.rules[r]
            if rule:
                row["classes"].append("rule-above" if rule == "_" else "double-rule-above")
            for g in layout.starts(r):
                adopt(row, self._entry(g))
            adopt(body, row)
        self.flow.block(table)
        return False

    def _entry(self, g: GridCell) -> nodes.entry:
        entry = element(nodes.entry)
        if g.colspan > 1:
            entry["morecols"] = g.colspan - 1
        if g.rowspan > 1:
            entry["morerows"] = g.rowspan - 1
        key = getattr(g.spec, "key", "l")
        if key == "c":
            entry["classes"].append("center")
        elif key in ("r", "n"):
            entry["classes"].append("right")
        if g.kind == "rule":
            entry["classes"].append("rule")
        elif g.kind == "text" and g.cell is not None:
            for k, runs in enumerate(cell_runs(g.cell, self.xref)):
                adopt(entry, adopt(element(nodes.paragraph), *inline_nodes(runs)))
        return entry

    def visit_TableRow(self, node):
        return False   # built in visit_Table

    def visit_TableCell(self, node):
        return False

    # ---- line-level --------------------------------------------------------------------
    def visit_TextLine(self, node: N.TextLine):
        if node.blank:
            self.flow.close()
            return False
        runs, joined = line_of(node, xref=self.xref)
        self.flow.add(runs, joined)
        return False

    def visit_FontMacro(self, node: N.FontMacro):
        runs, joined = line_of(node, xref=self.xref)
        self.flow.add(runs, joined)
        return False

    def visit_Text(self, node: N.Text):
        runs, _ = line_of(node, xref=self.xref)
        self.flow.add(runs)
        return False

    def visit_Reference(self, node: N.Reference):
        runs, _ = line_of(node, xref=self.xref)
        self.flow.add(runs)
        return False

    def visit_Comment(self, node):
        return False

    def visit_Macro(self, node):
        return False

    def visit_Request(self, node: N.Request):
        if node.name == "br":
            self.flow.br()
        elif node.name in ("sp", "PP", "P", "LP"):
            self.flow.close()
        return False


# ---- publishing ---------------------------------------------------------------------

def build_doctree(doc: N.Document, xref_pattern: str | None = None,
                  block_spans: bool = True, writer_name: str = "html5") -> nodes.document:
    """The docutils document for a page (``xref_pattern`` defaults to DEFAULT_XREF).

    ``block_spans=False`` keeps table entries from spanning rows and columns
    at once (for the LaTeX writer).  The document carries the settings of
    ``writer_name``'s writer.
    """
    document = new_document(writer_name)
    builder = DoctreeBuilder(document, DEFAULT_XREF if xref_pattern is None else xref_pattern,
                             block_spans)
    builder.walk(doc)
    builder.__dict__.clear()    # its method cache is a cycle through the document
    return document


def warm_up(css: str | None = None) -> None:
    """Make now what the first HTML page would make: the writer's settings and
    classes, the pygments lexers (their rules are compiled on first use).
    A site build calls this before it starts its worker processes, which
    then share the result instead of each making it again."""
    from .docutils_publish import prepare_html
    from .highlight import prepare
    prepare_html(css)
    prepare()


_DEFAULT_CSS: list = []


def default_stylesheet() -> str:
    """The CSS embedded in HTML output: the page layout and the token colours."""
    if not _DEFAULT_CSS:
        from importlib.resources import files
        from .highlight import token_css
        base = files("manlint.render").joinpath("data", "manlint.css").read_text(encoding="utf-8")
        _DEFAULT_CSS.append(base.rstrip("\n") + "\n\n" + token_css("pre.code"))
    return _DEFAULT_CSS[0]


def render_with_docutils(doc: N.Document, to: str = "html", xref_pattern: str | None = None,
                         stylesheet: bool | str = True) -> str:
    """Render a page with a docutils writer: 'html' (html5), 'xml', 'latex' or 'pseudoxml'.

    ``xref_pattern`` makes the href of name(section) references, with
    ``{name}`` and ``{section}`` (default ``../man{section}/{name}.{section}.html``).
    ``stylesheet``: True embeds the default CSS in HTML, False none, and a
    string embeds that CSS instead.
    """
    writer_name = WRITERS.get(to)
    if writer_name is None:
        raise ValueError(f"unknown docutils output {to!r}; expected one of {', '.join(WRITERS)}")
    document = build_doctree(doc, xref_pattern, block_spans=writer_name != "latex",
                             writer_name=writer_name)
    try:
        if writer_name == "html5":
            css = default_stylesheet() if stylesheet is True else (stylesheet or None)
            return publish_html(document, css, consume=True)
        return publish_other(document, writer_name)
    finally:
        dispose(document)
