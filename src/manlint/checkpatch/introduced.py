"""Which findings a change introduced: match findings across two versions of a page.

Findings are matched by rule and by the line they sit on, following lines
that moved (difflib's matching blocks map each unchanged new line to its old
line); a finding on a changed line is new unless the same rule fired on a
line with the same text in the old version.  Line numbers alone are never
compared.
"""

from __future__ import annotations

import difflib
from collections import Counter

from ..diagnostics import Diagnostic


def line_map(old_lines: list[str], new_lines: list[str]) -> dict[int, int]:
    """1-based new line -> 1-based old line, for lines the change kept."""
    sm = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    mapping: dict[int, int] = {}
    for a, b, size in sm.get_matching_blocks():
        for k in range(size):
            mapping[b + k + 1] = a + k + 1
    return mapping


def changed_lines(old_lines: list[str], new_lines: list[str]) -> set[int]:
    """1-based lines of the new version that the change added or modified."""
    kept = line_map(old_lines, new_lines)
    return {n for n in range(1, len(new_lines) + 1) if n not in kept}


def introduced(before: list[Diagnostic], after: list[Diagnostic],
               old_lines: list[str], new_lines: list[str]) -> list[Diagnostic]:
    mapping = line_map(old_lines, new_lines)
    old_at = Counter((d.code, d.line) for d in before)
    old_text = Counter((d.code, _text(old_lines, d.line).strip()) for d in before)
    new: list[Diagnostic] = []
    for d in after:
        old_line = mapping.get(d.line)
        if old_line is not None and old_at[(d.code, old_line)] > 0:
            old_at[(d.code, old_line)] -= 1
            # That old finding is accounted for: a new line with the same text
            # (a second ".nf" the patch adds) must not match it again.
            old_key = (d.code, _text(old_lines, old_line).strip())
            if old_text[old_key] > 0:
                old_text[old_key] -= 1
            continue
        key = (d.code, _text(new_lines, d.line).strip())
        if old_line is None and old_text[key] > 0 and key[1]:
            old_text[key] -= 1  # the line moved (or was re-indented): same finding
            continue
        if old_line is not None and d.line <= len(new_lines) and old_text[key] > 0 and not _whole_page(d):
            old_text[key] -= 1
            continue
        new.append(d)
    return new


def _whole_page(d: Diagnostic) -> bool:
    return d.line <= 1


def _text(lines: list[str], line: int) -> str:
    return lines[line - 1] if 1 <= line <= len(lines) else ""
