"""The man(7) layer: the document tree and its parser."""

from __future__ import annotations

import os

from ..diagnostics import Catalogue, Reporter
from ..roff import decode as _decode
from ..roff.messages import MESSAGES as _ROFF_MESSAGES
from ..source import SourceFile
from .messages import MESSAGES as _MAN_MESSAGES
from .nodes import Document

PARSER_CATALOGUE = Catalogue()
PARSER_CATALOGUE.add(*_ROFF_MESSAGES, *_MAN_MESSAGES)


def parse_text(text: str, path: str = "<input>", root: str | None = None,
               follow_so: bool = True, catalogue: Catalogue | None = None) -> Document:
    """Parse decoded page text; diagnostics end up in ``doc.diagnostics``."""
    from .parser import ManParser
    source = SourceFile(path, text)
    reporter = Reporter(catalogue or PARSER_CATALOGUE)
    doc = ManParser(source, reporter, root, follow_so).parse()
    doc.diagnostics = reporter.diagnostics
    return doc


def parse_bytes(data: bytes, path: str = "<input>", root: str | None = None,
                follow_so: bool = True, catalogue: Catalogue | None = None) -> Document:
    from .parser import ManParser
    text, encoding, problems = _decode.decode_bytes(data)
    source = SourceFile(path, text, encoding)
    reporter = Reporter(catalogue or PARSER_CATALOGUE)
    for key, line, col, kw in problems:
        reporter.report(key, source, line, col, **kw)
    doc = ManParser(source, reporter, root, follow_so).parse()
    doc.diagnostics = reporter.diagnostics
    return doc


def parse_file(path: str, root: str | None = None, follow_so: bool = True,
               catalogue: Catalogue | None = None) -> Document:
    """Read and parse a page (.gz too).  OSError propagates for the CLI to report."""
    from .parser import tree_root
    data = _decode.read_bytes(path)
    if root is None:
        root = tree_root(path)
    return parse_bytes(data, path, root, follow_so, catalogue)


__all__ = ["parse_file", "parse_bytes", "parse_text", "Document", "PARSER_CATALOGUE", "os"]
