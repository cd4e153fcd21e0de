"""Terminal text rendering: a visitor over the tree driving the line filler.

Layout follows groff's man macros in nroff mode (an.tmac in groff 1.22.4):
a 7-column body indent, 3 for subsection headings, a prevailing indent of
7 columns for .TP/.IP/.HP bodies and .RS insets that the width argument of
those macros changes, one blank line (.PD) before paragraphs, and no-fill
mode that lasts until .fi, .EE or the next heading.
"""

from __future__ import annotations

from ..man import nodes as N
from ..man.walk import Visitor
from ..roff.escapes import NBSP, strip_markers
from ..roff.expr import ExprError, evaluate, to_columns, to_lines
from .fill import JOIN, Filler, to_overstrike, to_plain, to_sgr

BODY_INDENT = 7
SUBSECTION_INDENT = 3
DEFAULT_PREVAILING = 7


def _columns(arg: str | None, default: int, unit: str = "n") -> int:
    if not arg:
        return default
    try:
        return max(0, to_columns(evaluate(strip_markers(arg), unit)))
    except (ExprError, OverflowError, ZeroDivisionError):
        return default


def inline_chunks(nodes) -> list[tuple[str, str]]:
    """(text, font) chunks of inline nodes (Text and Reference)."""
    chunks: list[tuple[str, str]] = []
    for node in nodes:
        if isinstance(node, N.Text):
            value = node.value
            if "\xad" in value:  # a soft hyphen prints nothing in groff
                value = value.replace("\xad", "")
            chunks.append((value, node.font))
        elif isinstance(node, N.Reference):
            chunks.append((node.name, node.font))
            if node.section:
                chunks.append((f"({node.section})", "R"))
    return chunks


class TextRenderer(Visitor):
    strict = True

    def __init__(self, width: int = 78):
        super().__init__()
        self.width = width
        self.f = Filler(width=width)
        self.base = BODY_INDENT          # left margin of body text (an-margin + RS)
        self.prevailing = DEFAULT_PREVAILING
        self.insets: list[tuple[int, int]] = []
        self.pd = 1                      # lines between paragraphs (.PD)
        self.joined = False              # previous input line ended in \c
        self.started = False

    # ---- helpers ---------------------------------------------------------------
    def _vspace(self) -> None:
        self.f.break_line()
        if self.pd and self.started:
            self.f.space(self.pd)

    def _line(self, chunks) -> None:
        self.f.add_line(chunks)
        self.started = True

    # ---- document and headings ------------------------------------------------
    def visit_Document(self, node):
        return True

    def depart_Document(self, node):
        self.f.break_line()

    def visit_Title(self, node):
        return False

    def visit_Section(self, node):
        self.f.break_line()
        if self.started:
            self.f.space(1)
        self.f.set_fill(True)
        self.base = BODY_INDENT
        self.prevailing = DEFAULT_PREVAILING
        self.insets.clear()
        self.pd = self.pd  # .PD persists across headings
        self.f.set_indent(SUBSECTION_INDENT if isinstance(node, N.Subsection) else 0)
        self.joined = False
        for h in node.heading:
            self._inline_line(h, font="B")
        self.f.break_line()
        self.f.set_indent(self.base)
        self.started = True
        self.f.set_no_space(True)
        for child in node.children:
            self.walk(child)
        return False

    def _inline_line(self, node, font=None) -> None:
        chunks = inline_chunks(node.children)
        if font is not None:
            chunks = [(t, font if f == "R" else f) for t, f in chunks]
        if getattr(node, "joined", False):
            # \c: the next text continues this word, whatever requests come between.
            chunks.append((JOIN, chunks[-1][1] if chunks else "R"))
        self._line(chunks)

    visit_Subsection = visit_Section

    # ---- blocks -----------------------------------------------------------------
    def visit_Paragraph(self, node):
        if node.macro:
            self._vspace()
            self.prevailing = DEFAULT_PREVAILING
            self.f.set_indent(self.base)
        self.joined = False
        return True

    def _tag_chunks(self, tag: N.Tag) -> list[tuple[str, str]]:
        chunks: list[tuple[str, str]] = []
        for child in tag.children:
            if isinstance(child, (N.TextLine, N.FontMacro)):
                if chunks and not getattr(chunks, "_joined", False):
                    chunks.append((" ", "R"))
                chunks.extend(inline_chunks(child.children))
            elif isinstance(child, (N.Text, N.Reference)):
                chunks.extend(inline_chunks([child]))
        return chunks

    def visit_TaggedParagraph(self, node):
        if node.macro == "TQ":
            self.f.break_line()
        else:
            self._vspace()
        if node.width:
            self.prevailing = _columns(node.width, self.prevailing)
        self.f.place_tag(self._tag_chunks(node.tag), self.base, self.base + self.prevailing)
        self.started = True
        self.joined = False
        for child in node.children:
            self.walk(child)
        return False

    def visit_IndentedParagraph(self, node):
        self._vspace()
        if node.width:
            self.prevailing = _columns(node.width, self.prevailing)
        body = self.base + self.prevailing
        if node.macro == "HP":
            self.f.set_indent(body)
            self.f.temp_indent(self.base)
        elif node.tag.children:
            self.f.place_tag(self._tag_chunks(node.tag), self.base, body)
        else:
            self.f.set_indent(body)
        self.started = True
        self.joined = False
        for child in node.children:
            self.walk(child)
        return False

    def visit_Tag(self, node):
        return False

    def visit_Inset(self, node):
        self.f.break_line()
        self.insets.append((self.base, self.prevailing))
        indent = strip_markers(node.indent or "")
        step = _columns(indent.lstrip("-"), self.prevailing)
        self.base = max(0, self.base - step if indent.startswith("-") else self.base + step)
        self.prevailing = DEFAULT_PREVAILING
        self.f.set_indent(self.base)
        return True

    def depart_Inset(self, node):
        self.f.break_line()
        if self.insets:
            self.base, self.prevailing = self.insets.pop()
        self.f.set_indent(self.base)

    def visit_NoFill(self, node):
        self.f.set_fill(False)
        return True

    def depart_NoFill(self, node):
        self.f.set_fill(True)

    def visit_Synopsis(self, node):
        self._vspace()
        self.f.set_indent(self.base)
        return True

    def visit_Link(self, node):
        return True

    def depart_Link(self, node):
        if node.target:
            # groff's an-ext.tmac prints the address in angle brackets after the text.
            chunks = [(f"\u27e8{node.target}\u27e9", "R")]
            if node.punctuated:
                chunks.append((JOIN, "R"))
            self._line(chunks)

    def visit_Table(self, node):
        from .tbl_text import layout_table
        self.f.break_line()
        cells = {}
        for row in node.children:
            for cell in row.children:
                if isinstance(cell, N.TableCell):
                    cells[id(cell.data)] = cell

        def cell_text(cell):
            cn = cells.get(id(cell))
            if cn is None:
                return strip_markers(cell.text)
            return " ".join(strip_markers("".join(c[0] for c in inline_chunks(tl.children)))
                            for tl in cn.children).replace(NBSP, " ")

        def fill_block(cell, width):
            cn = cells.get(id(cell))
            # Text blocks are filled with the page's current adjustment and
            # hyphenation (ATTRIBUTES tables are set with .ad l and .nh).
            sub = Filler(width=width, hyphenation_mode=self.f.hyphenation_mode)
            sub.set_adjust(self.f.adjust)
            sub._reverse = self.f._reverse
            if cn is not None:
                for tl in cn.children:
                    if isinstance(tl, N.Request):
                        if tl.name in ("br", "sp"):
                            sub.break_line()
                        continue
                    sub.add_line(inline_chunks(tl.children), continued=False)
            sub.break_line()
            self.f._reverse = sub._reverse
            return [to_plain([ln]) for ln in sub.finish()]

        try:
            lines = layout_table(node.model, cell_text, fill_block, width=self.width,
                                 indent=self.f.indent if hasattr(self.f, "indent") else self.base)
        except Exception:  # a table the layout cannot handle still shows its text
            lines = [" ".join(cell_text(c.data) for c in row.children) for row in node.children
                     if row.kind == "data"]
        self.f.emit_lines([(ln, "R") for ln in lines]) if hasattr(self.f, "emit_lines") else self._raw(lines)
        self.started = True
        return False

    def _raw(self, lines) -> None:
        saved = self.f.indent
        self.f.set_fill(False)
        self.f.set_indent(0)
        for ln in lines:
            self.f.add_line([(ln.replace(" ", NBSP), "R")])
        self.f.set_indent(saved)
        self.f.set_fill(True)

    def visit_TableRow(self, node):
        return False

    def visit_TableCell(self, node):
        return False

    def visit_Opaque(self, node):
        return False

    # ---- line-level -------------------------------------------------------------
    def visit_TextLine(self, node):
        self._inline_line(node)
        return False

    def visit_FontMacro(self, node):
        self._inline_line(node)
        return False

    def visit_Text(self, node):
        self._line([(node.value, node.font)])
        return False

    def visit_Reference(self, node):
        self._line(inline_chunks([node]))
        return False

    def visit_Comment(self, node):
        return False

    def visit_Macro(self, node):
        return False

    def visit_Request(self, node):
        handler = getattr(self, "req_" + node.name, None)
        if handler is not None:
            handler(node)
        return False

    def _arg(self, node, k=0):
        return node.args[k][0] if len(node.args) > k else None

    def req_br(self, node):
        self.f.break_line()

    def req_sp(self, node):
        arg = self._arg(node)
        n = 1
        if arg:
            try:
                n = to_lines(evaluate(strip_markers(arg), "v"))
            except (ExprError, OverflowError, ZeroDivisionError):
                n = 1
        self.f.break_line()
        self.f.space(max(0, min(n, 100)))

    def req_in(self, node):
        arg = self._arg(node)
        cur = self.f.indent
        if not arg:
            self.f.set_indent(self.base)
            return
        arg = strip_markers(arg)
        delta = _columns(arg.lstrip("+-"), 0)
        if arg[0] == "+":
            self.f.set_indent(cur + delta)
        elif arg[0] == "-":
            self.f.set_indent(max(0, cur - delta))
        else:
            self.f.set_indent(delta)

    def req_ti(self, node):
        arg = strip_markers(self._arg(node) or "0")
        delta = _columns(arg.lstrip("+-"), 0)
        cur = self.f.indent
        self.f.temp_indent(cur + delta if arg[0] == "+" else max(0, cur - delta) if arg[0] == "-" else delta)

    def req_ad(self, node):
        arg = self._arg(node) or "b"
        self.f.set_adjust({"n": "b", "b": "b", "l": "l", "r": "r", "c": "c"}.get(arg[:1], "b"))

    def req_na(self, node):
        self.f.set_adjust("l")

    def req_hy(self, node):
        arg = self._arg(node)
        try:
            self.f.set_hyphenation(int(arg) if arg else 1)
        except ValueError:
            pass

    def req_nh(self, node):
        self.f.set_hyphenation(0)

    def req_PD(self, node):
        arg = self._arg(node)
        try:
            self.pd = to_lines(evaluate(strip_markers(arg), "v")) if arg else 1
        except (ExprError, OverflowError, ZeroDivisionError):
            self.pd = 1

    def req_fi(self, node):
        self.f.set_fill(True)

    def req_nf(self, node):
        self.f.set_fill(False)

    def req_bp(self, node):
        self.f.break_line()

    def req_ce(self, node):
        self.f.break_line()

    def req_RE(self, node):
        self.f.break_line()

    def req_YS(self, node):
        self.f.break_line()

    def req_UE(self, node):
        pass

    def req_ME(self, node):
        pass


def header_lines(doc: N.Document, width: int) -> tuple[str, str]:
    t = doc.title
    if t is None:
        return "", ""
    left = f"{t.title}({t.section})"
    center = t.manual or ""
    return _three_part(left, center, left, width), _three_part(t.source_name, t.date, left, width)


def _three_part(left: str, center: str, right: str, width: int) -> str:
    """A .tl-style line: centre part centred on the line, right part flush right."""
    start = (width - len(center) + 1) // 2
    line = left + " " * max(1, start - len(left)) + center
    return line + " " * max(1, width - len(right) - len(line)) + right


def render_text(doc: N.Document, width: int = 78, style: str = "plain") -> str:
    renderer = TextRenderer(width)
    renderer.walk(doc)
    lines = renderer.f.finish()
    if style == "sgr":
        body = to_sgr(lines)
    elif style == "overstrike":
        body = to_overstrike(lines)
    else:
        body = to_plain(lines)
    head, foot = header_lines(doc, width)
    parts = []
    if head:
        parts.append(head.rstrip() + "\n\n")
    parts.append(body.rstrip("\n") + "\n")
    if foot:
        parts.append("\n" + foot.rstrip() + "\n")
    return "".join(parts)
