"""The inline half of the man(7) parser: text lines, escapes and font macros.

ManParser (parser.py) mixes this in; these methods use its stack, pending
state, reader and node helpers.  They are the hot path of every page.
"""

from __future__ import annotations

from ..roff import escapes
from ..roff.reader import InputLine
from . import nodes as N
from .macros import ALTERNATING, FONT_MACROS, looks_like_section

_FONT_ALIASES = {
    "R": "R", "B": "B", "I": "I", "BI": "BI", "IB": "BI", "CW": "CW", "CR": "CW", "C": "CW",
    "CB": "B", "CI": "I", "CBI": "BI", "TR": "R", "TB": "B", "TI": "I", "TBI": "BI",
    "HR": "R", "HB": "B", "HI": "I", "H": "R", "L": "CW", "NR": "R", "NB": "B", "NI": "I",
}
CONTAINERS = (N.Document, N.Section, N.Inset)


class InlineBuilder:
    """Text lines and font macros into TextLine/FontMacro/Text/Reference nodes."""

    def _inline_parent(self, inp: InputLine) -> N.Node:
        top = self.stack[-1]
        if isinstance(top, CONTAINERS):
            para = self._node(N.Paragraph, inp, "")
            top.append(para)
            self.stack.append(para)
            return para
        return top

    def _plain(self, inp: InputLine, raw: str, offset: int) -> str:
        """The plain text of an argument of ``inp`` at ``offset``; what its
        escapes report lands on that line and column."""
        if self.reader.escape_char in raw:
            self.reader.enter(inp)
        return self.reader.plain(raw, offset + 1)

    def _decode(self, raw: str, offset: int, inp: InputLine, parent: N.Node, font_override=None) -> bool:
        """Decode roff text into Text children of ``parent``; return True if it ends in \\c."""
        if self.reader.escape_char not in raw:
            # Fast path: no escapes, one run in the current font.
            if raw:
                logical = inp.logical
                line, c = logical.locate(offset) if logical.breaks else (logical.line, offset + 1)
                run = N.Text(raw, font_override or self.font, inp.source, line, c, inp.origin)
                run.parent = parent
                parent.children.append(run)
            return False
        pieces: list = []
        self.reader.enter(inp)
        escapes.decode(raw, offset + 1, self.reader, pieces, inp.origin)
        joined = False
        logical, children = inp.logical, parent.children
        one_line, first_line = not logical.breaks, logical.line
        for kind, value, col, origin in pieces:
            if kind == "t":
                if one_line:
                    line, c = first_line, col
                else:
                    line, c = logical.locate(col - 1)
                font = font_override or self.font
                last = children[-1] if children else None
                if isinstance(last, N.Text) and last.font == font and last.origin is origin and joined is False and last.line == line:
                    last.value += value
                    continue
                run = N.Text(value, font, inp.source, line, c, origin)
                run.parent = parent
                children.append(run)
                joined = False
            elif kind == "f":
                self._set_font(value, inp, col)
                if font_override is not None:
                    font_override = self.font
            elif kind == "c":
                joined = True
        return joined

    def _set_font(self, name: str, inp: InputLine, col: int) -> None:
        if name in ("P", ""):
            self.font, self.prev_font = self.prev_font, self.font
            return
        font = _FONT_ALIASES.get(name)
        if font is None:
            line, c = inp.locate(col - 1)
            self.reporter.report("unknown-font", inp.source, line, c, origin=inp.origin, font=name)
            return  # groff keeps the current font
        self.prev_font, self.font = self.font, font

    def _text(self, inp: InputLine) -> None:
        pending = self.pending
        if pending is not None:
            self.pending = None
            kind, target = pending
            if kind == "font":
                target.next_line = True
                target.end_line = inp.line
                self._font_args(target, [(inp.text, inp.offset)], inp)
                return
            line_node = self._node(N.TextLine, inp)
            line_node.joined = self._decode(inp.text, inp.offset, inp, line_node)
            if kind == "heading":
                target.heading.append(line_node)
                line_node.parent = target
            else:
                target.append(line_node)
            return
        parent = self.stack[-1]
        if isinstance(parent, CONTAINERS):
            parent = self._inline_parent(inp)
        text = inp.text
        if text and self.reader.escape_char not in text:
            # Most lines: plain text, one run in the current font, one position.
            logical = inp.logical
            if logical.breaks:
                line, col = logical.locate(inp.offset)
            else:
                line, col = logical.line, inp.offset + 1
            line_node = N.TextLine(inp.source, line, col, inp.origin)
            run = N.Text(text, self.font, inp.source, line, col, inp.origin)
            run.parent = line_node
            line_node.children.append(run)
            line_node.parent = parent
            parent.children.append(line_node)
            return
        line_node = self._node(N.TextLine, inp)
        line_node.joined = self._decode(text, inp.offset, inp, line_node)
        parent.append(line_node)

    def _plain_text(self, logical) -> None:
        """A text line of the page's own file without escapes (Reader.lines)
        that waits for a tag or heading, or opens a paragraph (ManParser.parse
        adds the others to the open block itself)."""
        self._text(InputLine("text", self.source, logical, 0, logical.text))

    def _font_args(self, node: N.FontMacro, args, inp: InputLine) -> None:
        fonts = FONT_MACROS[node.macro]
        saved = (self.font, self.prev_font)
        alternating = node.macro in ALTERNATING
        if not alternating and len(args) == 1:  # ".B word", ".I word": the commonest
            raw, off = args[0]
            if self.reader.escape_char not in raw:
                # No escapes: one run in the macro's font, no font change to undo.
                if raw:
                    logical = inp.logical
                    line, c = logical.locate(off) if logical.breaks else (logical.line, off + 1)
                    run = N.Text(raw, fonts[0] or saved[0], inp.source, line, c, inp.origin)
                    run.parent = node
                    node.children.append(run)
                node.joined = False
                return
            self.font = self.prev_font = font = fonts[0] or saved[0]
            node.joined = self._decode(raw, off, inp, node, font)
            self.font, self.prev_font = saved
            return
        joined = False
        k = 0
        while k < len(args):
            raw, off = args[k]
            font = fonts[k % len(fonts)] or saved[0]
            if (alternating and k + 1 < len(args) and fonts[(k + 1) % 2] in ("R", "I")
                    and looks_like_section(args[k + 1][0]) and raw and "\\" not in raw.replace("\\-", "").replace("\\%", "").replace("\\&", "")):
                joined = self._reference(node, raw, off, args[k + 1], font, inp)
                k += 2
                continue
            self.font = self.prev_font = font
            joined = self._decode(raw if alternating or k == len(args) - 1 else raw + " ",
                                  off, inp, node, font)
            k += 1
        self.font, self.prev_font = saved
        node.joined = joined

    def _reference(self, node, raw, off, sect_arg, font, inp) -> bool:
        sect_raw, sect_off = sect_arg
        close = sect_raw.index(")")
        section = sect_raw[1:close]
        line, col = inp.logical.locate(off)
        name = self._plain(inp, raw, off)  # markers already stripped
        node.append(N.Reference(name, section, font, node.macro, inp.source, line, col, inp.origin))
        rest = sect_raw[close + 1:]
        if rest:
            self.font = self.prev_font = "R" if font != "R" else "B"
            return self._decode(rest, sect_off + close + 1, inp, node, self.font)
        return False

    def _font_macro(self, inp: InputLine) -> None:
        pending = self.pending
        logical = inp.logical
        if logical.breaks:
            node = self._node(N.FontMacro, inp, inp.name, self._args(inp))
        else:  # one physical line (most): columns are offsets, no locate calls
            line = logical.line
            args = []
            for raw, off in inp.args or ():  # (a loop: a comprehension is a call more)
                args.append((raw, line, off + 1))
            node = N.FontMacro(inp.name, args, inp.source, line, inp.offset + 1, inp.origin)
        if pending is not None and pending[0] in ("tag", "heading"):
            self.pending = None
            target = pending[1]
            if pending[0] == "heading":
                target.heading.append(node)
                node.parent = target
            else:
                target.append(node)
        else:
            if pending is not None:
                self._flush_pending(inp)
            parent = self.stack[-1]
            if isinstance(parent, CONTAINERS):
                parent = self._inline_parent(inp)
            node.parent = parent
            parent.children.append(node)
        if inp.args:
            self._font_args(node, inp.args, inp)
        else:
            self.pending = ("font", node)

    def _mr(self, inp: InputLine) -> None:
        node = self._node(N.FontMacro, inp, "MR", self._args(inp))
        self._attach_inline(node, inp)
        args = inp.args or []
        if args:
            line, col = inp.locate(args[0][1])
            name = self._plain(inp, *args[0])
            section = self._plain(inp, *args[1]) if len(args) > 1 else ""
            node.append(N.Reference(name, section, "I", "MR", source=inp.source, line=line,
                                    col=col, origin=inp.origin))
            if len(args) > 2:
                self._decode(args[2][0], args[2][1], inp, node, "R")

    def _attach_inline(self, node: N.Node, inp: InputLine) -> None:
        pending = self.pending
        if pending is not None and pending[0] in ("tag", "heading"):
            self.pending = None
            if pending[0] == "heading":
                pending[1].heading.append(node)
                node.parent = pending[1]
            else:
                pending[1].append(node)
        else:
            self._flush_pending(inp)
            self._inline_parent(inp).append(node)
