"""Comparing two versions of a man page entry by entry, not line by line.

``diff_pages(old_doc, new_doc)`` pairs the tagged-paragraph lists of the two
parsed pages (flags, error codes, options...) and reports per entry what was
added, removed, changed (text, tag, "(since ...)" version), moved or renamed,
and, in the new page, entries that duplicate another one or whose name is
suspiciously close to another's.  Sections added, removed, renamed and
changed are reported too.
"""

from __future__ import annotations

from .compare import collect_lists, diff_pages
from .model import KINDS, EntryChange, PageDiff

__all__ = ["diff_pages", "collect_lists", "PageDiff", "EntryChange", "KINDS", "text_report"]


def text_report(pd: PageDiff, width: int = 78) -> str:
    from .report import text_report as _report
    return _report(pd, width)
