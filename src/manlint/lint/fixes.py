"""Applying fixes to a page's text: non-overlapping edits, repeated to a fixed point."""

from __future__ import annotations

from ..diagnostics import Diagnostic, Edit


def _offsets(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    return starts


def apply_edits(text: str, diagnostics: list[Diagnostic]) -> tuple[str, int]:
    """Apply the safe fixes of ``diagnostics`` that do not overlap; return (text, count)."""
    lines = text.split("\n")
    starts = _offsets(lines)

    def offset(line: int, col: int) -> int:
        line = max(1, min(line, len(lines) + 1))
        base = starts[line - 1] if line - 1 < len(starts) else len(text)
        return min(base + col - 1, len(text))

    spans: list[tuple[int, int, str, int]] = []
    for k, d in enumerate(diagnostics):
        if d.fix is None or not d.fix.safe:
            continue
        for e in d.fix.edits:
            spans.append((offset(e.line, e.col), offset(e.end_line, e.end_col), e.text, k))
    # Keep whole fixes only: a fix whose any edit overlaps an accepted one is skipped.
    spans.sort(key=lambda s: (s[0], s[1]))
    accepted: list[tuple[int, int, str, int]] = []
    rejected: set[int] = set()
    last_end = -1
    for start, end, new, k in spans:
        if k in rejected:
            continue
        if start < last_end or (start == last_end and accepted and start == accepted[-1][0] == end):
            rejected.add(k)
            continue
        accepted.append((start, end, new, k))
        last_end = max(last_end, end)
    accepted = [a for a in accepted if a[3] not in rejected]
    out = text
    for start, end, new, _k in sorted(accepted, key=lambda s: s[0], reverse=True):
        out = out[:start] + new + out[end:]
    return out, len({a[3] for a in accepted})


def delete_line(line: int) -> Edit:
    return Edit(line, 1, line + 1, 1, "")
