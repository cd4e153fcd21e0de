"""The man(7) document tree: small slotted classes, positions on every node.

Block nodes hold child nodes; inline nodes hold decoded text.  Every node
keeps the ``SourceFile`` and the 1-based line and column of the text that
produced it, the end line of its scope, and an ``Origin`` when it came from
a user macro, a string or a ``.so`` file.  The tree keeps what the author
wrote: every macro and request line is a node, comments included.
"""

from __future__ import annotations

from ..roff.escapes import MARKER_TRANSLATION, strip_markers
from ..source import Origin, SourceFile


class Node:
    __slots__ = ("parent", "children", "source", "line", "col", "end_line", "end_col", "origin")
    is_block = False
    is_inline = False

    def __init__(self, source: SourceFile | None = None, line: int = 0, col: int = 1,
                 origin: Origin | None = None):
        self.parent: Node | None = None
        self.children: list[Node] = []
        self.source = source
        self.line = line
        self.col = col
        self.end_line = line
        self.end_col = 0
        self.origin = origin

    def append(self, child: "Node") -> "Node":
        child.parent = self
        self.children.append(child)
        return child

    def walk(self):
        """All nodes below this one, depth first, in document order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            kids = node.all_children()
            if kids:
                stack.extend(reversed(kids))

    def all_children(self) -> list["Node"]:
        return self.children

    def findall(self, cls):
        return [n for n in self.walk() if isinstance(n, cls)]

    def text(self) -> str:
        """The printable text below this node, markers removed, lines joined by spaces."""
        parts: list[str] = []
        _collect_text(self, parts)
        return strip_markers(" ".join(filter(None, parts))).strip()

    def describe(self) -> str:
        return type(self).__name__

    @property
    def path(self) -> str:
        return self.source.path if self.source else ""


def _collect_text(node: Node, parts: list[str]) -> None:
    if isinstance(node, (Text, Reference)):
        parts.append(node.plain)
        return
    if isinstance(node, Comment):
        return
    if isinstance(node, (TextLine, FontMacro)):
        kids = node.children
        if len(kids) == 1:  # one run (most lines): no join
            run = kids[0]
            parts.append(run.plain if isinstance(run, (Text, Reference)) else "")
        else:
            parts.append("".join([c.plain for c in kids if isinstance(c, (Text, Reference))]))
        return
    for child in node.all_children():
        _collect_text(child, parts)


# ---- blocks ---------------------------------------------------------------------

class Block(Node):
    __slots__ = ("macro", "args")
    is_block = True

    def __init__(self, macro: str = "", args=None, source: SourceFile | None = None, line: int = 0,
                 col: int = 1, origin: Origin | None = None):
        # Node.__init__ written out, as for Text.
        self.parent = None
        self.children = []
        self.source = source
        self.line = self.end_line = line
        self.col = col
        self.end_col = 0
        self.origin = origin
        self.macro = macro
        self.args = args or []   # [(raw text, line, col)]

    def describe(self) -> str:
        return f"{type(self).__name__}(.{self.macro})" if self.macro else type(self).__name__


class Document(Block):
    """The page.  ``title`` is the .TH node; ``mdoc`` marks an mdoc(7) page."""
    __slots__ = ("title", "mdoc", "diagnostics", "uses_tbl", "files")

    def __init__(self, **kw):
        super().__init__(**kw)
        self.title: Title | None = None
        self.mdoc = False
        self.diagnostics: list = []
        self.uses_tbl = False
        self.files: list[SourceFile] = []

    def sections(self) -> list["Section"]:
        return [c for c in self.children if isinstance(c, Section)]

    def section(self, name: str) -> "Section | None":
        for s in self.children:  # (sections(), without making its list)
            if isinstance(s, Section) and s.name == name:
                return s
        return None


class Title(Block):
    """.TH title section [date [source [manual]]]."""
    __slots__ = ("title", "section", "date", "source_name", "manual")

    def __init__(self, fields: list[str], **kw):
        super().__init__(**kw)
        fields = fields + [""] * (5 - len(fields))
        self.title, self.section, self.date, self.source_name, self.manual = fields[:5]


class Section(Block):
    """.SH heading and everything up to the next .SH."""
    __slots__ = ("heading", "_name")

    def __init__(self, **kw):
        super().__init__(**kw)
        self.heading: list[Node] = []
        self._name: tuple[int, str] | None = None

    def all_children(self):
        return self.heading + self.children if self.heading else self.children

    @property
    def name(self) -> str:
        # Cached per heading length: the heading is complete once the parser moves on.
        cached = self._name
        if cached is not None and cached[0] == len(self.heading):
            return cached[1]
        parts: list[str] = []
        for h in self.heading:
            _collect_text(h, parts)
        name = " ".join(strip_markers(" ".join(parts)).split())
        self._name = (len(self.heading), name)
        return name

    def describe(self) -> str:
        return f"{type(self).__name__}(.{self.macro}) {self.name!r}"


class Subsection(Section):
    __slots__ = ()


class Paragraph(Block):
    """.PP/.P/.LP, or macro '' for text that follows a heading directly."""
    __slots__ = ()


class Tag(Node):
    """The tag of a tagged or indented paragraph (inline content)."""
    __slots__ = ()


class TaggedParagraph(Block):
    """.TP (tag on the next line) or .TQ (another tag for the same body)."""
    __slots__ = ("tag", "width")

    def __init__(self, **kw):
        super().__init__(**kw)
        self.tag = Tag(source=self.source, line=self.line, col=self.col, origin=self.origin)
        self.tag.parent = self
        self.width: str | None = None

    def all_children(self):
        return [self.tag] + self.children

    @property
    def tag_text(self) -> str:
        return self.tag.text()

    def describe(self) -> str:
        return f"TaggedParagraph(.{self.macro}) {self.tag_text!r}"


class IndentedParagraph(Block):
    """.IP [tag [width]] or .HP [width]."""
    __slots__ = ("tag", "width")

    def __init__(self, **kw):
        super().__init__(**kw)
        self.tag = Tag(source=self.source, line=self.line, col=self.col, origin=self.origin)
        self.tag.parent = self
        self.width: str | None = None

    def all_children(self):
        return [self.tag] + self.children if self.tag.children else self.children

    @property
    def tag_text(self) -> str:
        return self.tag.text()


class Inset(Block):
    """.RS [indent] ... .RE."""
    __slots__ = ("indent", "closed")

    def __init__(self, **kw):
        super().__init__(**kw)
        self.indent: str | None = None
        self.closed = False


class NoFill(Block):
    """.nf ... .fi or .EX ... .EE.

    groff keeps no-fill mode across paragraph macros, so a no-fill region
    that spans one is split: the part after it has ``continued`` set.
    ``closed`` tells whether the matching .fi/.EE ended this part.
    """
    __slots__ = ("continued", "closed")

    def __init__(self, **kw):
        super().__init__(**kw)
        self.continued = False
        self.closed = False


class Synopsis(Block):
    """.SY command ... .YS."""
    __slots__ = ("name",)

    def __init__(self, **kw):
        super().__init__(**kw)
        self.name = ""


class Link(Block):
    """.UR url ... .UE [punct] or .MT address ... .ME [punct] (inline content)."""
    __slots__ = ("target", "closed", "punctuated")

    def __init__(self, **kw):
        super().__init__(**kw)
        self.target = ""
        self.closed = False
        # True when .UE/.ME had an argument: the TextLine after the link
        # continues it with no space (".UE ," prints "<url>,").
        self.punctuated = False


class Table(Block):
    """A tbl table: ``model`` is the parsed roff.tbl.Table; rows are children."""
    __slots__ = ("model",)

    def __init__(self, **kw):
        super().__init__(**kw)
        self.model = None


class TableRow(Node):
    """A data row (children TableCell) or a rule row (``kind`` '_' or '=')."""
    __slots__ = ("kind", "data")

    def __init__(self, kind: str = "data", data=None, **kw):
        super().__init__(**kw)
        self.kind = kind
        self.data = data


class TableCell(Node):
    """One cell; ``data`` is the parsed cell, children the decoded inline text."""
    __slots__ = ("data",)

    def __init__(self, data=None, **kw):
        super().__init__(**kw)
        self.data = data


class Opaque(Block):
    """An eqn or pic block kept as raw lines."""
    __slots__ = ("kind", "lines")

    def __init__(self, kind: str = "", lines=None, **kw):
        super().__init__(**kw)
        self.kind = kind
        self.lines = lines or []


# ---- line-level nodes -------------------------------------------------------------

class Request(Node):
    """A roff request or a man(7) macro with no tree structure (.br, .sp, .in, .PD...)."""
    __slots__ = ("name", "args")

    def __init__(self, name: str, args=None, source: SourceFile | None = None, line: int = 0,
                 col: int = 1, origin: Origin | None = None):
        # Node.__init__ written out, as for Text.
        self.parent = None
        self.children = []
        self.source = source
        self.line = self.end_line = line
        self.col = col
        self.end_col = 0
        self.origin = origin
        self.name = name
        self.args = args or []

    def describe(self) -> str:
        return f"Request(.{self.name})" + ("".join(f" {a[0]!r}" for a in self.args) if self.args else "")


class Macro(Request):
    """A macro manlint does not know (or any macro of an mdoc page)."""
    __slots__ = ()

    def describe(self) -> str:
        return f"Macro(.{self.name})" + ("".join(f" {a[0]!r}" for a in self.args) if self.args else "")


class Comment(Node):
    __slots__ = ("text",)

    def __init__(self, text: str, source: SourceFile | None = None, line: int = 0, col: int = 1,
                 origin: Origin | None = None):
        # Node.__init__ written out, as for Text.
        self.parent = None
        self.children = []
        self.source = source
        self.line = self.end_line = line
        self.col = col
        self.end_col = 0
        self.origin = origin
        self.text = text

    def describe(self) -> str:
        return f"Comment {self.text[:40]!r}"


class TextLine(Node):
    """One input text line: its decoded runs are the children.

    ``joined``: the line ends in \\c and continues into the next one.
    """
    __slots__ = ("joined",)
    is_inline = True

    def __init__(self, source: SourceFile | None = None, line: int = 0, col: int = 1,
                 origin: Origin | None = None):
        # Node.__init__ written out, as for Text.
        self.parent = None
        self.children = []
        self.source = source
        self.line = self.end_line = line
        self.col = col
        self.end_col = 0
        self.origin = origin
        self.joined = False

    @property
    def plain(self) -> str:
        return "".join(c.plain for c in self.children)

    @property
    def blank(self) -> bool:
        return not self.children

    def describe(self) -> str:
        return "TextLine" + (" (joined)" if self.joined else "")


class FontMacro(Node):
    """.B .I .BR .IR .RB .RI .BI .IB .SM .SB: one line in set fonts.

    ``args`` are the raw arguments (text, line, col); ``next_line`` tells that
    the macro had no arguments and took the next input line.
    """
    __slots__ = ("macro", "args", "next_line", "joined")
    is_inline = True

    def __init__(self, macro: str, args=None, source: SourceFile | None = None, line: int = 0,
                 col: int = 1, origin: Origin | None = None):
        # Node.__init__ written out, as for Text.
        self.parent = None
        self.children = []
        self.source = source
        self.line = self.end_line = line
        self.col = col
        self.end_col = 0
        self.origin = origin
        self.macro = macro
        self.args = args or []
        self.next_line = False
        self.joined = False

    @property
    def plain(self) -> str:
        return "".join(c.plain for c in self.children)

    def describe(self) -> str:
        return f"FontMacro(.{self.macro})" + (" next-line" if self.next_line else "")


class Text(Node):
    """A run of decoded text in one font.  Marker characters may remain (see roff.escapes)."""
    __slots__ = ("value", "font")
    is_inline = True

    # Built for every run of text: explicit parameters and a direct
    # Node.__init__ call, no keyword packing (a tenth of the parse time).
    def __init__(self, value: str, font: str = "R", source: SourceFile | None = None, line: int = 0,
                 col: int = 1, origin: Origin | None = None):
        # Node.__init__ written out: the commonest node, and a call less each.
        self.parent = None
        self.children = []
        self.source = source
        self.line = self.end_line = line
        self.col = col
        self.end_col = 0
        self.origin = origin
        self.value = value
        self.font = font

    @property
    def plain(self) -> str:
        # strip_markers written out (a call less; rules ask this of every run).
        value = self.value
        return value if value.isascii() else value.translate(MARKER_TRANSLATION)

    def describe(self) -> str:
        return f"Text[{self.font}] {self.value!r}"


class Reference(Node):
    """A cross-reference name(section): from .BR name (N), .IR, or .MR."""
    __slots__ = ("name", "section", "font", "macro")
    is_inline = True

    def __init__(self, name: str, section: str, font: str = "B", macro: str = "BR",
                 source: SourceFile | None = None, line: int = 0, col: int = 1,
                 origin: Origin | None = None):
        # Node.__init__ written out, as for Text.
        self.parent = None
        self.children = []
        self.source = source
        self.line = self.end_line = line
        self.col = col
        self.end_col = 0
        self.origin = origin
        self.name = name
        self.section = section
        self.font = font
        self.macro = macro

    @property
    def plain(self) -> str:
        return f"{strip_markers(self.name)}({self.section})"

    def describe(self) -> str:
        return f"Reference {self.plain!r}"


BLOCK_CLASSES = (Document, Title, Section, Subsection, Paragraph, TaggedParagraph,
                 IndentedParagraph, Inset, NoFill, Synopsis, Link, Table, Opaque)
ALL_CLASSES = BLOCK_CLASSES + (Tag, TableRow, TableCell, Request, Macro, Comment, TextLine,
                               FontMacro, Text, Reference)
