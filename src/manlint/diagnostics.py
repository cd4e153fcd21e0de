"""Diagnostics: severities, message definitions, findings and fixes.

One catalogue holds every message, whether the roff reader, the man(7)
parser or a lint rule produces it, so all of them can be selected,
suppressed and documented the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from .source import Origin, SourceFile


class Severity(IntEnum):
    """Ordered like mandoc's levels, lowest first."""

    STYLE = 1
    WARNING = 2
    ERROR = 3
    UNSUPPORTED = 4
    FATAL = 5

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}") from None


@dataclass(frozen=True, slots=True)
class MessageDef:
    """A catalogue entry: stable code, kebab-case name, default severity.

    ``template`` is formatted with the keyword arguments of a report.
    ``doc`` is the long description shown by ``manlint rules CODE``.
    """

    code: str
    name: str
    severity: Severity
    template: str
    doc: str = ""

    def format(self, **kw) -> str:
        if not kw:
            return self.template
        try:
            return self.template.format(**kw)
        except (KeyError, IndexError, ValueError):
            return self.template


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text from (line, col) to (end_line, end_col) exclusive."""

    line: int
    col: int
    end_line: int
    end_col: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(slots=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    source: SourceFile | None
    line: int
    col: int = 1
    end_line: int = 0
    end_col: int = 0
    fix: Fix | None = None
    origin: Origin | None = None
    notes: list[str] = field(default_factory=list)
    # Set when the diagnostic travels without its SourceFile (from a worker process).
    file: str = ""
    snippet: str | None = None

    @property
    def path(self) -> str:
        if self.file:
            return self.file
        return self.source.path if self.source else "<input>"

    def line_text(self) -> str | None:
        if self.snippet is not None:
            return self.snippet
        if self.source is not None and 1 <= self.line <= len(self.source.lines):
            return self.source.lines[self.line - 1]
        return None

    def detached(self) -> "Diagnostic":
        """A copy that keeps its path and source line but not the whole SourceFile."""
        return Diagnostic(self.code, self.name, self.severity, self.message, None, self.line,
                          self.col, self.end_line, self.end_col, self.fix, None,
                          list(self.notes) + ([f"from {self.origin.describe()}"] if self.origin else []),
                          self.path, self.line_text())

    def sort_key(self):
        return (self.path, self.line, self.col, self.code)


class Catalogue:
    """Code and name lookup over every registered message."""

    def __init__(self) -> None:
        self.by_code: dict[str, MessageDef] = {}
        self.by_name: dict[str, MessageDef] = {}

    def add(self, *defs: MessageDef) -> None:
        for d in defs:
            if d.code in self.by_code or d.name in self.by_name:
                raise ValueError(f"duplicate message {d.code} {d.name}")
            self.by_code[d.code] = d
            self.by_name[d.name] = d

    def __getitem__(self, key: str) -> MessageDef:
        return self.by_code.get(key) or self.by_name[key]

    def __iter__(self):
        return iter(sorted(self.by_code.values(), key=lambda d: d.code))


class Reporter:
    """Collects diagnostics for one page; the parser layers report here."""

    __slots__ = ("diagnostics", "catalogue", "limit_per_code", "_counts")

    def __init__(self, catalogue: Catalogue, limit_per_code: int = 200):
        self.diagnostics: list[Diagnostic] = []
        self.catalogue = catalogue
        self.limit_per_code = limit_per_code
        self._counts: dict[str, int] = {}

    def report(self, key: str, source: SourceFile | None, line: int, col: int = 1,
               end_col: int = 0, origin: Origin | None = None, **kw) -> None:
        d = self.catalogue[key]
        n = self._counts.get(d.code, 0) + 1
        self._counts[d.code] = n
        # A hostile page can repeat one fault a million times; keep the
        # report bounded but say that more were dropped.
        if n > self.limit_per_code:
            return
        self.diagnostics.append(Diagnostic(
            d.code, d.name, d.severity, d.format(**kw), source, line, col,
            line, end_col or col, None, origin))
        if n == self.limit_per_code:
            self.diagnostics.append(Diagnostic(
                d.code, d.name, d.severity,
                f"further {d.name} messages for this file are not shown",
                source, line, col))
