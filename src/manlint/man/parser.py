"""Build the man(7) document tree from the roff reader's input lines."""

from __future__ import annotations

import os

from ..diagnostics import Reporter
from ..roff.expr import ExprError, evaluate, evaluate_prefix
from ..roff.lines import LogicalLine
from ..roff.reader import InputLine, Reader
from ..source import SourceFile
from . import nodes as N
from .macros import (BLOCK_MACROS, FONT_MACROS, NOFILL_CLOSE, NOFILL_OPEN, PARAGRAPH_MACROS,
                     PLAIN_MACROS, ROFF_REQUESTS)
from .inline import CONTAINERS, InlineBuilder
from .tables import build_table

# Open scopes (.RS insets, .UR/.MT links and the blocks between them) nested
# deeper than this are not opened: real pages stay below 15, and every
# consumer of the tree (renderers, dumps) costs time or stack per level.
MAX_NESTING = 100


# Requests and macros whose first argument is a number: an indent, a length, a space.
_NUMERIC_REQUESTS = frozenset(("in", "ti", "sp", "ll", "ne", "vs", "pl", "po", "PD"))


class ManParser(InlineBuilder):
    def __init__(self, source: SourceFile, reporter: Reporter, root: str | None = None,
                 follow_so: bool = True):
        self.source = source
        self.reporter = reporter
        self.reader = Reader(source, reporter, root, follow_so)
        self.doc = N.Document(source=source, line=1, col=1)
        self.stack: list[N.Node] = [self.doc]
        self.font = "R"
        self.prev_font = "R"
        self.pending = None        # (kind, node): where the next input line goes
        self.nofill: N.NoFill | None = None  # open no-fill part, if any
        self.nofill_start: N.NoFill | None = None
        self.seen_macro = False
        self.excess = {"RS": 0, "UR": 0, "MT": 0}  # scopes not opened (MAX_NESTING)

    # ---- helpers ------------------------------------------------------------------
    def _report(self, key: str, inp: InputLine, offset: int | None = None, **kw) -> None:
        line, col = inp.locate(inp.offset if offset is None else offset)
        self.reporter.report(key, inp.source, line, col, origin=inp.origin, **kw)

    def _node(self, cls, inp: InputLine, *args, **kw):
        logical = inp.logical
        line, col = logical.locate(inp.offset) if logical.breaks else (logical.line, inp.offset + 1)
        if kw or cls.is_block:
            return cls(*args, source=inp.source, line=line, col=col, origin=inp.origin, **kw)
        # Inline and request nodes take the position last, positionally (no keyword packing).
        return cls(*args, inp.source, line, col, inp.origin)

    def _close(self, node: N.Node, inp: InputLine) -> None:
        logical = inp.logical
        line = logical.locate(inp.offset)[0] if logical.breaks else logical.line
        start = node.line
        end = line - 1 if line > start else line
        node.end_line = end if end > start else start

    def _pop_to(self, pred, inp: InputLine, inclusive: bool) -> N.Node | None:
        """Pop the stack down to the first node matching ``pred``.

        The document itself (index 0) can match too: a paragraph macro
        before the first .SH closes the paragraph before it instead of
        nesting in it (each one nested a level deeper).
        """
        for k in range(len(self.stack) - 1, -1, -1):
            if pred(self.stack[k]):
                end = k if inclusive else k + 1
                for node in reversed(self.stack[end:]):
                    self._close(node, inp)
                target = self.stack[k]
                del self.stack[end:]
                return target
        return None

    def _pop_to_container(self, inp: InputLine) -> None:
        """Close what is open above the innermost section, inset or the document
        (_pop_to with that test, written out: every paragraph macro asks it)."""
        stack = self.stack
        k = len(stack) - 1
        while not isinstance(stack[k], CONTAINERS):  # stack[0] is the document
            k -= 1
        if k + 1 < len(stack):
            for node in reversed(stack[k + 1:]):
                self._close(node, inp)
            del stack[k + 1:]

    def _too_deep(self, inp: InputLine) -> bool:
        """Past MAX_NESTING: report, keep the line as a request, count it for its closer."""
        if len(self.stack) < MAX_NESTING:
            return False
        self._report("expansion-limit", inp, what=f".{inp.name} nested deeper than {MAX_NESTING}")
        self.excess[inp.name] += 1
        self.stack[-1].append(self._node(N.Request, inp, inp.name, self._args(inp)))
        return True

    def _excess_close(self, inp: InputLine, opener: str) -> bool:
        """A closer whose opener was not opened (MAX_NESTING): keep it as a request."""
        if not self.excess[opener]:
            return False
        self.excess[opener] -= 1
        self.stack[-1].append(self._node(N.Request, inp, inp.name, self._args(inp)))
        return True

    def _pop_all(self, inp: InputLine) -> None:
        for node in reversed(self.stack[1:]):
            self._close(node, inp)
        del self.stack[1:]

    # ---- driving -------------------------------------------------------------------
    def parse(self) -> N.Document:
        stack, source, lines, doc = self.stack, self.source, self.source.lines, self.doc
        TextLine, Text = N.TextLine, N.Text
        for inp in self.reader.lines():
            if type(inp) is int:
                # A plain text line of the page (most lines), by its number:
                # added to the open block here, a call less each.
                line = inp
                parent = stack[-1]
                if self.pending is not None or isinstance(parent, CONTAINERS):
                    self._plain_text(LogicalLine(lines[line - 1], line))
                    continue
                line_node = TextLine(source, line, 1, None)
                run = Text(lines[line - 1], self.font, source, line, 1, None)
                run.parent = line_node
                line_node.children.append(run)
                line_node.parent = parent
                parent.children.append(line_node)
                continue
            if type(inp) is LogicalLine:
                self._plain_text(inp)
                continue
            kind = inp.kind
            if kind == "control":  # (the commonest first)
                # _control's commonest case written out (a call less a macro line):
                # a macro with a handler on a man(7) page.
                handler = _HANDLERS.get(inp.name)
                if handler is not None and not doc.mdoc:
                    self.seen_macro = True
                    handler(self, inp)
                else:
                    self._control(inp)
            elif kind == "text":
                self._text(inp)
            elif kind == "comment":
                # _node and Node.append written out: a page has dozens of comment lines.
                logical = inp.logical
                line, col = logical.locate(inp.offset) if logical.breaks else (logical.line, inp.offset + 1)
                node = N.Comment(inp.text, inp.source, line, col, inp.origin)
                node.parent = parent = stack[-1]
                parent.children.append(node)
            elif kind == "table":
                self._flush_pending(inp)
                table = build_table(self, inp)
                self.stack[-1].append(table)
            else:
                self._flush_pending(inp)
                node = self._node(N.Opaque, inp, inp.kind, inp.block, macro=inp.name)
                node.end_line = inp.end_line
                self.stack[-1].append(node)
        self._finish()
        doc.uses_tbl = self.reader.uses_tbl
        doc.files = [self.source] + self.reader.so_files
        return doc

    def _finish(self) -> None:
        last = len(self.source.lines) + 1
        end = InputLine("text", self.source, _EndLine(last), 0, "")
        if self.pending:
            self._flush_pending(end)
        self._close_scopes(end, "the end of the page")
        for node in self.stack[1:]:
            node.end_line = max(node.line, len(self.source.lines))
        self.doc.end_line = len(self.source.lines)
        if self.doc.title is None and not self.doc.mdoc and not self._is_link_page():
            self.reporter.report("missing-title", self.source, 1, 1)

    def _is_link_page(self) -> bool:
        kids = [c for c in self.doc.children if not isinstance(c, N.Comment)]
        return bool(kids) and isinstance(kids[0], N.Request) and kids[0].name == "so"

    def _close_scopes(self, inp: InputLine, where: str) -> None:
        """Report scopes still open when a section or the page ends."""
        for node in self.stack[1:]:
            if isinstance(node, N.Inset) and not node.closed:
                self.reporter.report("unclosed-inset", node.source, node.line, node.col,
                                     origin=node.origin, start=node.line, where=where)
            elif isinstance(node, N.Link) and not node.closed:
                end = "UE" if node.macro == "UR" else "ME"
                self.reporter.report("unclosed-link", node.source, node.line, node.col,
                                     origin=node.origin, macro=node.macro, start=node.line, end=end)
        if self.nofill is not None:
            start = self.nofill_start or self.nofill
            # A heading turns fill mode back on in groff and mandoc alike, and
            # old pages end SYNOPSIS so: a bare .nf closed by a heading renders
            # as if closed by .fi.  (.EX is reported: its .EE also ends the font.)
            if start.macro == "nf" and where != "the end of the page":
                self.nofill = self.nofill_start = None
                return
            self.reporter.report("unclosed-nofill", start.source, start.line, start.col,
                                 origin=start.origin, macro=start.macro, start=start.line,
                                 end=NOFILL_OPEN.get(start.macro, "fi"), where=where)
            self.nofill = self.nofill_start = None

    def _flush_pending(self, inp: InputLine) -> None:
        """A pending tag/heading/font macro gets no line: report and drop the wait."""
        pending = self.pending
        if pending is None:
            return
        self.pending = None
        kind, node = pending
        if kind == "tag":
            self.reporter.report("missing-tag", node.source, node.line, node.col, origin=node.origin)
        elif kind == "heading":
            self.reporter.report("empty-heading", node.source, node.line, node.col,
                                 origin=node.origin, macro=node.macro)
        elif kind == "font":
            self.reporter.report("font-macro-missing-text", node.source, node.line, node.col,
                                 origin=node.origin, macro=node.macro)

    # ---- text lines -----------------------------------------------------------------
    # ---- control lines --------------------------------------------------------------
    def _control(self, inp: InputLine) -> None:
        name = inp.name
        if self.doc.mdoc:
            self._generic(inp, report=False)
            return
        if name == "Dd" and self.doc.title is None and not self.seen_macro:
            self.doc.mdoc = True
            self.reader.foreign_package = True
            self._report("mdoc-page", inp)
            self._generic(inp, report=False)
            return
        handler = _HANDLERS.get(name)  # (the font macros' is there too)
        if handler is None:
            self._request(inp)
            return
        self.seen_macro = True
        handler(self, inp)

    def _check_number(self, inp: InputLine, index: int, whole: bool = True) -> None:
        """Report argument ``index`` of a request or macro that takes a number
        (an indent, a space) when it is no roff expression (".in +n4": the unit
        comes last; ".TP ENOSPC": a tag on the macro's line).  A request reads
        the number it starts with and ignores the rest (``whole`` False); the
        macros use their argument in an expression, where the rest is an
        error.  groff warns and ignores the argument; mandoc is silent."""
        if inp.args and len(inp.args) > index:
            text, offset = inp.args[index]
            if "\\" in text or not text:
                return  # a width computed by an escape (\w'...') is the reader's business
            try:
                evaluate(text, "n") if whole else evaluate_prefix(text, "n")
            except (ExprError, OverflowError, ZeroDivisionError, RecursionError):
                self._report("bad-number", inp, offset, text=text, name=inp.name)

    def _args(self, inp: InputLine):
        out = []
        logical = inp.logical
        if logical.breaks:
            for raw, off in inp.args or ():
                line, col = logical.locate(off)
                out.append((raw, line, col))
        else:  # one physical line: columns are offsets
            line = logical.line
            for raw, off in inp.args or ():
                out.append((raw, line, off + 1))
        return out

    def _request(self, inp: InputLine) -> None:
        name = inp.name
        known = name in ROFF_REQUESTS or name in PLAIN_MACROS or name in self.reader.macros
        if name in ("ft",):
            arg = (inp.args or [("P", 0)])[0]
            self._set_font(arg[0], inp, arg[1] + 1)
        if not known and name not in ("TS", "TE", "T&"):
            self._generic(inp, report=True)
            return
        if name not in ("de", "de1", "am", "am1", "ds", "ds1", "as", "nr", "if", "ie", "el", "so",
                        "rm", "rr", "rn", "als", "cc", "c2", "ec", "eo", "ig", "while", "mso"):
            self.seen_macro = True
        if name in _NUMERIC_REQUESTS:
            self._check_number(inp, 0, whole=name == "PD")
        node = self._node(N.Request, inp, name, self._args(inp))
        self.stack[-1].append(node)

    def _generic(self, inp: InputLine, report: bool) -> None:
        if report:
            self._report("unknown-macro", inp, name=inp.name)
        node = self._node(N.Macro, inp, inp.name, self._args(inp))
        self.stack[-1].append(node)

    def _th(self, inp: InputLine) -> None:
        self._flush_pending(inp)
        # A tab would reach the page header as a raw control character.
        fields = [self._plain(inp, a, o).replace("\t", " ") for a, o in inp.args or ()]
        node = self._node(N.Title, inp, fields, macro="TH", args=self._args(inp))
        if self.doc.title is not None:
            self._report("title-repeated", inp, first=self.doc.title.line)
        else:
            self.doc.title = node
            if len(fields) < 2:
                self._report("title-fields", inp, count=len(fields))
        self.doc.append(node)

    def _section(self, inp: InputLine) -> None:
        self._flush_pending(inp)
        sub = inp.name == "SS"
        self._close_scopes(inp, f".{inp.name}")
        self.excess = dict.fromkeys(self.excess, 0)
        if sub:
            target = self._pop_to(lambda n: type(n) is N.Section, inp, inclusive=False)
            if target is None:
                self._pop_all(inp)
        else:
            self._pop_all(inp)
        cls = N.Subsection if sub else N.Section
        node = self._node(cls, inp, macro=inp.name, args=self._args(inp))
        self.stack[-1].append(node)
        self.stack.append(node)
        self.font = self.prev_font = "R"
        if inp.args:
            text_line = self._node(N.TextLine, inp)
            joined = " ".join(a for a, _o in inp.args)
            self._decode(joined, inp.args[0][1], inp, text_line, "B")
            text_line.parent = node
            node.heading.append(text_line)
        else:
            self.pending = ("heading", node)

    def _block(self, inp: InputLine) -> None:
        """.PP .P .LP .TP .TQ .IP .HP: close the current paragraph, open another."""
        if self.pending is not None:
            self._flush_pending(inp)
        if self.nofill is not None:
            self._break_nofill(inp)
        self._pop_to_container(inp)
        name = inp.name
        args = self._args(inp)
        if name in PARAGRAPH_MACROS:
            line, col = inp.logical.locate(inp.offset)
            node = N.Paragraph(name, args, inp.source, line, col, inp.origin)  # (Block's, positional)
        elif name in ("TP", "TQ"):
            self._check_number(inp, 0)
            node = self._node(N.TaggedParagraph, inp, macro=name, args=args)
            node.width = args[0][0] if args else None
            self.pending = ("tag", node.tag)
        else:
            node = self._node(N.IndentedParagraph, inp, macro=name, args=args)
            self._check_number(inp, 1 if name == "IP" else 0)
            if name == "IP" and inp.args:
                self._decode(inp.args[0][0], inp.args[0][1], inp, node.tag)
                node.width = args[1][0] if len(args) > 1 else None
            elif name == "HP":
                node.width = args[0][0] if args else None
        self.stack[-1].append(node)
        self.stack.append(node)
        if self.nofill is not None:
            self._resume_nofill(inp)

    def _break_nofill(self, inp: InputLine) -> None:
        """Close the open no-fill part before a structural macro (it goes on after)."""
        if self.nofill is not None:
            self._pop_to(lambda n: n is self.nofill, inp, inclusive=True)

    def _resume_nofill(self, inp: InputLine) -> None:
        if self.nofill is not None:
            first = self.nofill_start or self.nofill
            part = self._node(N.NoFill, inp, macro=first.macro)
            part.continued = True
            self.stack[-1].append(part)
            self.stack.append(part)
            self.nofill = part

    def _rs(self, inp: InputLine) -> None:
        self._flush_pending(inp)
        if self._too_deep(inp):
            return
        self._break_nofill(inp)
        self._check_number(inp, 0)
        node = self._node(N.Inset, inp, macro="RS", args=self._args(inp))
        node.indent = inp.args[0][0] if inp.args else None
        self.stack[-1].append(node)
        self.stack.append(node)
        self._resume_nofill(inp)

    def _re(self, inp: InputLine) -> None:
        self._flush_pending(inp)
        if self._excess_close(inp, "RS"):
            return
        if not any(isinstance(n, N.Inset) for n in self.stack):
            self._report("re-without-rs", inp)
            self.stack[-1].append(self._node(N.Request, inp, "RE", self._args(inp)))
            return
        self._break_nofill(inp)
        inset = self._pop_to(lambda n: isinstance(n, N.Inset), inp, inclusive=True)
        if inset is not None:
            inset.closed = True
            inset.end_line = inp.locate(inp.offset)[0]
        self._resume_nofill(inp)

    def _nofill_open(self, inp: InputLine) -> None:
        self._flush_pending(inp)
        if self.nofill is not None:
            # .nf inside .nf: a request with no effect; keep it visible.
            start = self.nofill_start or self.nofill
            self._report("nofill-already-on", inp, macro=inp.name, opened=start.macro, start=start.line)
            self.stack[-1].append(self._node(N.Request, inp, inp.name, self._args(inp)))
            return
        parent = self.stack[-1]
        node = self._node(N.NoFill, inp, macro=inp.name, args=self._args(inp))
        parent.append(node)
        self.stack.append(node)
        self.nofill = self.nofill_start = node

    def _nofill_close(self, inp: InputLine) -> None:
        self._flush_pending(inp)
        if self.nofill is None:
            self._report("fill-already-on", inp, macro=inp.name)
            self.stack[-1].append(self._node(N.Request, inp, inp.name, self._args(inp)))
            return
        start = self.nofill_start or self.nofill
        if NOFILL_CLOSE[inp.name] != start.macro:
            self._report("nofill-mismatch", inp, macro=inp.name, opened=start.macro, start=start.line)
        part = self.nofill
        self._pop_to(lambda n: n is part, inp, inclusive=True)
        part.closed = True
        part.end_line = inp.locate(inp.offset)[0]
        self.nofill = self.nofill_start = None

    def _link_open(self, inp: InputLine) -> None:
        if self._too_deep(inp):
            return
        node = self._node(N.Link, inp, macro=inp.name, args=self._args(inp))
        node.target = self._plain(inp, *inp.args[0]) if inp.args else ""
        self._attach_inline(node, inp)
        self.stack.append(node)

    def _link_close(self, inp: InputLine) -> None:
        self._flush_pending(inp)
        opener = "UR" if inp.name == "UE" else "MT"
        if self._excess_close(inp, opener):
            return
        if not (isinstance(self.stack[-1], N.Link) and self.stack[-1].macro == opener):
            if not any(isinstance(n, N.Link) for n in self.stack):
                self._report("link-close-without-open", inp, macro=inp.name, opener=opener)
                self.stack[-1].append(self._node(N.Request, inp, inp.name, self._args(inp)))
                return
        link = self._pop_to(lambda n: isinstance(n, N.Link), inp, inclusive=True)
        link.closed = True
        link.end_line = inp.locate(inp.offset)[0]
        if inp.args:
            link.punctuated = True
            tail = self._node(N.TextLine, inp)
            self._decode(inp.args[0][0], inp.args[0][1], inp, tail)
            self._inline_parent(inp).append(tail)

    def _sy(self, inp: InputLine) -> None:
        self._flush_pending(inp)
        self._pop_to_container(inp)
        node = self._node(N.Synopsis, inp, macro="SY", args=self._args(inp))
        node.name = self._plain(inp, *inp.args[0]) if inp.args else ""
        self.stack[-1].append(node)
        self.stack.append(node)

    def _ys(self, inp: InputLine) -> None:
        self._flush_pending(inp)
        if not any(isinstance(n, N.Synopsis) for n in self.stack):
            self._report("synopsis-scope", inp, macro=inp.name)
        else:
            self._pop_to(lambda n: isinstance(n, N.Synopsis), inp, inclusive=True)
        self.stack[-1].append(self._node(N.Request, inp, inp.name, self._args(inp)))


class _EndLine:
    """A stand-in logical line for positions at the end of the file."""

    breaks = ()  # as a LogicalLine of one physical line

    def __init__(self, line: int):
        self.line = line
        self.text = ""

    def locate(self, offset: int):
        return self.line, 1


_HANDLERS = {
    "TH": ManParser._th, "SH": ManParser._section, "SS": ManParser._section,
    "RS": ManParser._rs, "RE": ManParser._re,
    "nf": ManParser._nofill_open, "EX": ManParser._nofill_open,
    "fi": ManParser._nofill_close, "EE": ManParser._nofill_close,
    "UR": ManParser._link_open, "MT": ManParser._link_open,
    "UE": ManParser._link_close, "ME": ManParser._link_close,
    "SY": ManParser._sy, "YS": ManParser._ys, "MR": ManParser._mr,
}
for _m in BLOCK_MACROS:
    _HANDLERS[_m] = ManParser._block
for _m in FONT_MACROS:
    _HANDLERS[_m] = ManParser._font_macro


def tree_root(path: str) -> str:
    """The manual tree's root for .so: the parent of a manN directory."""
    d = os.path.dirname(os.path.abspath(path))
    if os.path.basename(d).startswith(("man", "sman", "cat")):
        return os.path.dirname(d)
    return d
