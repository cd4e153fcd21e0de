"""What a rule sees of a page, and how it reports."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from itertools import accumulate

from ..diagnostics import Diagnostic, Edit, Fix, Severity
from ..man import nodes as N
from ..man.query import LIST_CONTAINERS, all_entries

_IDENT = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
_GENERATED = re.compile(r"generated (?:from|by)|automatically generated|do not edit", re.IGNORECASE)
# A name followed by "(": a function in a SYNOPSIS (C names are ASCII).
_ONE_MORE = (1).__add__
_CALLED = re.compile(r"(?<![A-Za-z0-9_])[0-9]*+([A-Za-z_][A-Za-z0-9_]*+)\s*\(")


@functools.lru_cache(maxsize=8192)
def prose_spans(raw: str, roman: bool = True) -> tuple[tuple[int, int], ...]:
    """(start, end) spans of raw that are plain prose: outside escapes and \\f fonts.

    ``roman``: whether the line starts in roman; a \\fI run left open on the
    line before carries over ("\\fIfseek(..., 0L," then "SEEK_CUR)\\fR").
    """
    if "\\" not in raw:
        return ((0, len(raw)),) if roman else ()
    return tuple(_spans_of(raw, roman))


def starts_roman(line: N.TextLine) -> bool:
    """Whether a text line begins in roman (no font run carried over from the line before)."""
    for child in line.children:
        if type(child) is N.Text:
            return child.font == "R"
    return True


def _spans_of(raw: str, font_roman: bool = True):
    i = 0
    start = 0
    n = len(raw)
    while i < n:
        if raw[i] == "\\" and i + 1 < n:
            if font_roman and i > start:
                yield start, i
            c = raw[i + 1]
            if c == "f":
                name = raw[i + 2:i + 3]
                if name == "(":
                    name = raw[i + 3:i + 5]
                    i += 5
                elif name == "[":
                    end = raw.find("]", i)
                    name = raw[i + 3:end] if end > 0 else ""
                    i = end + 1 if end > 0 else n
                else:
                    i += 3
                font_roman = name in ("R", "P", "", "1")
            elif c in "(":
                i += 4
            elif c == "[":
                end = raw.find("]", i)
                i = end + 1 if end > 0 else n
            elif c == "*":
                i += 3 if raw[i + 2:i + 3] != "(" else 5
            else:
                i += 2
            start = i
        else:
            # Nothing happens between escapes: on to the next backslash.
            i = raw.find("\\", i + 1)
            if i < 0:
                i = n
    if font_roman and start < n:
        yield start, n


class LintContext:
    """Per-page state shared by the rules: the tree, the lines, the page's own terms."""

    def __init__(self, doc: N.Document, severities: dict[str, Severity] | None = None, fold: bool = True):
        self.doc = doc
        self.source = doc.source
        self.lines = doc.source.lines
        self.path = doc.source.path
        self.diagnostics: list[Diagnostic] = []
        self.severities = severities or {}
        self.fold = fold  # whether rules may fold many findings into one (folding.fold)
        self._terms: dict[str, str] | None = None
        self._running: list | None = None
        self._prose: tuple | None = None
        self._joined: tuple | None = None
        self._by_type: dict | None = None
        self._unindexed: tuple = ()  # classes the checker's index leaves out
        self._entries: list | None = None
        self._nofill_lines: set[int] | None = None
        self._generated: bool | None = None
        self._comments: list | None = None
        self._sections: dict[str, N.Section | None] = {}
        # What several rules derive from the page, computed by the first that asks.
        self.memo: dict[str, object] = {}

    # ---- reporting -------------------------------------------------------------
    def report(self, rule, line: int, col: int = 1, end_col: int = 0, fix: Fix | None = None,
               node: N.Node | None = None, **kw) -> None:
        if node is not None and node.source is not self.source:
            return  # text from a .so file is that file's business
        severity = self.severities.get(rule.code, rule.severity)
        message = rule.message.format(**kw) if kw else rule.message
        self.diagnostics.append(Diagnostic(rule.code, rule.name, severity, message, self.source,
                                           line, col, line, end_col or col, fix,
                                           node.origin if node is not None else None))

    def replace_line_fix(self, title: str, line: int, new_text: str) -> Fix:
        old = self.lines[line - 1]
        return Fix(title, (Edit(line, 1, line, len(old) + 1, new_text),))

    def replace_lines_fix(self, title: str, first: int, last: int, new_lines: list[str]) -> Fix:
        """Replace physical lines first..last (inclusive) with new_lines (may be empty)."""
        if new_lines:
            text = "\n".join(new_lines)
            end_col = len(self.lines[last - 1]) + 1
            return Fix(title, (Edit(first, 1, last, end_col, text),))
        return Fix(title, (Edit(first, 1, last + 1, 1, ""),))

    # ---- questions -------------------------------------------------------------
    def own(self, node: N.Node) -> bool:
        """True when the node's text is in the linted file (not from .so or a macro)."""
        return node.source is self.source and node.origin is None

    def section(self, name: str) -> N.Section | None:
        """``doc.section(name)``, remembered: rules ask for SYNOPSIS and NAME
        again and again, and each search steps over the page's top-level nodes."""
        sections = self._sections
        if name not in sections:
            sections[name] = self.doc.section(name)
        return sections[name]

    def section_name(self, node: N.Node) -> str:
        n = node
        while n is not None:
            if type(n) is N.Section:
                return n.name
            n = n.parent
        return ""

    def in_nofill(self, node: N.Node) -> bool:
        n = node.parent
        while n is not None:
            if isinstance(n, (N.NoFill, N.Table)):
                return True
            if isinstance(n, N.Section):
                return False
            n = n.parent
        return False

    @property
    def generated(self) -> bool:
        """True when a comment at the top says the page is generated (rst2man, pod2man...).

        Source-layout rules skip such pages: the fix belongs in the generator's input.
        """
        if self._generated is None:
            head = [line for line in self.lines[:8] if line.startswith(('.\\"', "'\\\"", '.\\#'))]
            self._generated = any(_GENERATED.search(line) for line in head)
        return self._generated

    @property
    def nofill_lines(self) -> set[int]:
        """Source lines inside no-fill blocks, tables and eqn/pic blocks."""
        if self._nofill_lines is None:
            lines: set[int] = set()
            for cls in (N.NoFill, N.Table, N.Opaque):
                for node in self.of_type(cls):
                    if node.source is self.source:
                        lines.update(range(node.line, node.end_line + 1))
            self._nofill_lines = lines
        return self._nofill_lines

    def running_text(self) -> list[tuple[int, str, N.TextLine]]:
        """(line, raw source text, node) of the page's own filled text lines outside SYNOPSIS."""
        if self._running is None:
            out = []
            nofill = self.nofill_lines
            synopsis = self.section("SYNOPSIS")
            source, lines = self.source, self.lines
            # Whether a parent's lines are running text: asked once a parent.
            wanted: dict[N.Node, bool] = {}
            last_parent, ok = None, False  # (a paragraph's lines come one after another)
            for node in self.of_type(N.TextLine):
                if node.source is not source or node.origin is not None or not node.children:
                    continue
                line = node.line
                if line in nofill:
                    continue
                parent = node.parent
                if parent is not last_parent:
                    last_parent = parent
                    ok = wanted.get(parent)
                    if ok is None:
                        ok = wanted[parent] = (
                            not isinstance(parent, (N.Section, N.Subsection, N.Tag, N.TableCell, N.Document))
                            and _in_section_but(parent, synopsis))
                if ok:
                    out.append((line, lines[line - 1], node))
            self._running = out
        return self._running

    def running_joined(self) -> tuple[str, list[int]]:
        """The raw running-text lines as one string, for one regex call a page:
        joined by "\\n" where they follow each other in the source and by NUL
        elsewhere.  ``starts[k]`` is where ``running_text()[k]`` begins."""
        if self._joined is None:
            parts: list[str] = []
            starts: list[int] = []
            pos = 0
            prev_line = -2
            for lineno, raw, _tl in self.running_text():
                if parts:
                    parts.append("\n" if lineno == prev_line + 1 else "\0")
                    pos += 1
                starts.append(pos)
                parts.append(raw)
                pos += len(raw)
                prev_line = lineno
            self._joined = ("".join(parts), starts)
        return self._joined

    def running_matching(self, pattern: re.Pattern) -> list[tuple[int, str, N.TextLine]]:
        """The running_text() entries whose line ``pattern`` finds something in:
        one search of the page per such line, none for the others.  The
        pattern must not match across the newline or NUL between lines."""
        text, starts = self.running_joined()
        running = self.running_text()
        found = []
        search, count, pos = pattern.search, len(starts), 0
        while (m := search(text, pos)) is not None:
            k = bisect_right(starts, m.start()) - 1
            found.append(running[k])
            if k + 1 >= count:
                break
            pos = starts[k + 1]
        return found

    def prose_text(self) -> tuple[str, list[int], list[tuple]]:
        """The roman prose of the running text as one string, for rules that scan it with a
        regular expression in one call instead of line by line.

        Returns ``(text, starts, spans)``: the prose spans joined by NUL (which
        no pattern of ours matches, so no match crosses two spans), where span
        ``k`` begins at ``starts[k]`` and ``spans[k]`` is ``(line, raw,
        column offset in raw, node)``.  ``locate`` maps a position back.
        """
        if self._prose is None:
            parts: list[str] = []
            spans: list[tuple] = []
            Text = N.Text
            for lineno, raw, tl in self.running_text():
                first = tl.children[0]  # (running text lines have runs)
                # starts_roman(tl) without the call: a line's runs are Text nodes.
                roman = first.font == "R" if type(first) is Text else starts_roman(tl)
                if roman and "\\" not in raw:  # all prose: one span, no lookup
                    parts.append(raw)
                    spans.append((lineno, raw, 0, tl))
                    continue
                for start, end in prose_spans(raw, roman):
                    parts.append(raw[start:end])
                    spans.append((lineno, raw, start, tl))
            # Where each span starts: the lengths before it plus a NUL each, summed in C.
            starts = list(accumulate(map(_ONE_MORE, map(len, parts)), initial=0))
            starts.pop()
            self._prose = ("\0".join(parts), starts, spans)
        return self._prose

    def comments(self) -> list[tuple[int, str, int, N.Comment]]:
        """(line, raw source line, where the comment's text starts in it, node) of
        each of the page's own roff comments (.\\" text, a trailing \\" or \\#)."""
        if self._comments is None:
            found = []
            lines, source = self.lines, self.source
            for c in self.of_type(N.Comment):
                if c.source is not source or c.origin is not None or not 0 < c.line <= len(lines):
                    continue
                raw = lines[c.line - 1]
                at = raw.find('\\"')
                if at < 0:
                    at = raw.find("\\#")
                if at >= 0:
                    found.append((c.line, raw, at + 2, c))
            self._comments = found
        return self._comments

    def synopsis_functions(self) -> frozenset[str]:
        """The names the SYNOPSIS declares as functions (a name followed by "(")."""
        def compute():
            synopsis = self.section("SYNOPSIS")
            return frozenset(_CALLED.findall(synopsis.text())) if synopsis is not None else frozenset()
        return self.cached("synopsis-functions", compute)

    def cached(self, key: str, compute):
        """What ``compute()`` gives for this page, computed by the first rule that asks."""
        memo = self.memo
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    @staticmethod
    def locate(starts: list[int], spans: list[tuple], pos: int) -> tuple[int, str, int, N.Node]:
        """(line, raw, 0-based column in raw, node) of position ``pos`` of prose_text()."""
        k = bisect_right(starts, pos) - 1
        lineno, raw, offset, tl = spans[k]
        return lineno, raw, offset + pos - starts[k], tl

    def of_type(self, cls: type) -> list[N.Node]:
        """Every node of exactly class ``cls``, in document order (one walk per page)."""
        if self._by_type is None:
            index: dict[type, list[N.Node]] = {}
            for node in self.doc.walk():
                index.setdefault(type(node), []).append(node)
            self._by_type = index
        if cls in self._unindexed:  # the runs of lines and macros, left out of the checker's walk
            found = []
            if cls is N.Reference:
                # Only font macros hold references (ManParser._reference, _mr).
                for fm in self._by_type.get(N.FontMacro, ()):
                    for child in fm.children:
                        if type(child) is cls:
                            found.append(child)
            else:  # (no rule asks for these today: a walk of its own)
                for node in self.doc.walk():
                    if type(node) is cls:
                        found.append(node)
            self._by_type[cls] = found
            self._unindexed = tuple(c for c in self._unindexed if c is not cls)
        return self._by_type.get(cls, [])

    @property
    def entries(self):
        """Every tagged entry of the page (computed once)."""
        if self._entries is None:
            self.of_type(N.Document)  # the class index, built by the checker's walk
            # Lists start at a tagged paragraph: only the containers of one are read.
            parents = {id(n.parent) for cls in (N.TaggedParagraph, N.IndentedParagraph)
                       for n in self.of_type(cls)}
            containers = [n for cls, nodes in self._by_type.items()
                          if issubclass(cls, LIST_CONTAINERS) for n in nodes if id(n) in parents]
            self._entries = all_entries(self.doc, containers)
        return self._entries

    @property
    def terms(self) -> dict[str, str]:
        """The page's own terms: tag names (flags, errors, options) and SYNOPSIS identifiers.

        Maps the term to the font it should have ('B' for constants and
        functions, 'I' for arguments).
        """
        if self._terms is None:
            self._terms = collect_terms(self.doc, self.entries)
        return self._terms


def _in_section_but(node: N.Node, excluded: N.Node | None) -> bool:
    """Whether ``node`` is or lies in a section (.SH) other than ``excluded``
    (one climb: a section's parent is the document, sections do not nest)."""
    n = node
    while n is not None:
        if type(n) is N.Section:
            return n is not excluded
        n = n.parent
    return False


def collect_terms(doc: N.Document, entries=None) -> dict[str, str]:
    terms: dict[str, str] = {}
    for entry in all_entries(doc) if entries is None else entries:
        font = None  # the tag's, found for the first name that needs it
        for name in entry.names:
            clean = name.strip(".,;:()")
            if len(clean) > 2 and _IDENT.fullmatch(clean):
                if font is None:
                    font = _first_font(entry.node.tag)
                if font in ("B", "I"):
                    terms.setdefault(clean, font)
    synopsis = doc.section("SYNOPSIS")
    if synopsis is not None:
        # One walk finds what both loops read; they stay apart (the first font
        # a term gets wins): italic runs name arguments, bold lines functions.
        italic, bold_lines = [], []
        for node in synopsis.walk():
            kind = type(node)
            if kind is N.Text:
                if node.font == "I":
                    italic.append(node)
            elif kind is N.FontMacro and node.macro in ("BI", "B"):
                bold_lines.append(node)
        for text in italic:
            for m in _IDENT.finditer(text.plain):
                word = m.group()
                if len(word) > 2:
                    terms.setdefault(word, "I")
        for line in bold_lines:
            m = _CALLED.search(line.plain)
            if m:
                terms.setdefault(m.group(1), "B")
    return terms


def _first_font(tag: N.Node) -> str:
    # tag.walk() written out: no generator for the three nodes of most tags.
    stack = [tag]
    while stack:
        t = stack.pop()
        if isinstance(t, N.Text):
            if t.plain.strip():
                return t.font
        elif isinstance(t, N.Reference):
            return t.font
        kids = t.all_children()
        if kids:
            stack.extend(reversed(kids))
    return "R"
