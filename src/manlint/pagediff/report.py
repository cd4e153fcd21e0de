"""The text report of a page diff: what changed, shown as rendered text in -/+ lines."""

from __future__ import annotations

import difflib
import textwrap

from ..man.query import Entry
from .model import EntryChange, PageDiff
from .similar import figure

MAX_SHOWN = 14        # rendered lines shown for an added or removed entry


def render_entry(entry: Entry, width: int = 72) -> list[str]:
    """The entry as the terminal renderer sets it: tag, then the indented body (no hyphenation)."""
    try:
        from ..man.query import _Body
        from ..render.fill import Filler, to_plain
        from ..render.text import TextRenderer
        r = TextRenderer(width)
        r.f = Filler(width=width, hyphenator=False)
        r.f.set_adjust("l")
        r.f.set_hyphenation(0)
        r.base = 0
        r.walk(entry.node)
        for part in entry.parts[1:]:
            r.walk(part.of if isinstance(part, _Body) else part)
        lines = [ln.rstrip() for ln in to_plain(r.f.finish()).split("\n")]
    except Exception:                    # never let the report fail on a renderer corner
        lines = [entry.tag] + textwrap.wrap(entry.text, width - 7, initial_indent=" " * 7,
                                            subsequent_indent=" " * 7)
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def _where(c: EntryChange) -> str:
    bits = []
    if c.old is not None:
        bits.append(f"old line {c.old.line}")
    if c.new is not None:
        bits.append(f"new line {c.new.line}")
    return ", ".join(bits)


def _block(lines: list[str], mark: str, limit: int | None = None) -> list[str]:
    shown = lines if limit is None or len(lines) <= limit else lines[:limit]
    out = [f"    {mark} {ln}".rstrip() for ln in shown]
    if len(shown) < len(lines):
        out.append(f"    {mark} ... ({len(lines) - len(shown)} more lines)")
    return out


def _unified(old: list[str], new: list[str]) -> list[str]:
    out: list[str] = []
    for ln in difflib.unified_diff(old, new, lineterm="", n=1):
        if ln.startswith(("---", "+++")):
            continue
        if ln.startswith("@@"):
            if out:
                out.append("    ...")
            continue
        out.append(f"    {ln[:1] or ' '} {ln[1:]}".rstrip())
    return out


def _describe(c: EntryChange) -> str:
    sim = f", similarity {figure(c.similarity)}" if c.similarity is not None else ""
    name = c.name
    if c.kind == "renamed":
        return f"renamed: {c.detail} [{_where(c)}]"
    if c.kind in ("duplicate", "near-duplicate"):
        return f"{c.kind}: {c.detail} [{_where(c)}]"
    if c.kind in ("added", "removed"):
        e = c.new or c.old
        return f"{c.kind}: {e.tag} [{_where(c)}]"
    if c.kind == "since":
        return f"since: {name} {c.detail} [{_where(c)}]"
    if c.kind == "moved":
        return f"moved: {name} {c.detail} [{_where(c)}]"
    return f"changed: {name}: {c.detail}{sim} [{_where(c)}]"


def _body(c: EntryChange, width: int) -> list[str]:
    if c.kind == "added":
        return _block(render_entry(c.new, width), "+", MAX_SHOWN)
    if c.kind == "removed":
        return _block(render_entry(c.old, width), "-", MAX_SHOWN)
    if c.kind in ("changed", "renamed"):
        return _unified(render_entry(c.old, width), render_entry(c.new, width))
    if c.kind in ("duplicate", "near-duplicate") and c.other is not None:
        # the introduced entry is shown by its own added/changed/renamed record
        return _block(render_entry(c.other, width), "=", MAX_SHOWN)
    return []


def text_report(pd: PageDiff, width: int = 78) -> str:
    out: list[str] = []
    if pd.old_path or pd.new_path:
        out += [f"--- {pd.old_path}", f"+++ {pd.new_path}"]
    if not pd:
        out.append("no changes")
        return "\n".join(out) + "\n"
    if pd.sections_removed:
        out.append("Sections removed: " + ", ".join(pd.sections_removed))
    if pd.sections_added:
        out.append("Sections added: " + ", ".join(pd.sections_added))
    for old, new, r in pd.sections_renamed:
        out.append(f"Section renamed: {old} -> {new} (similarity {figure(r)})")
    if pd.sections_changed:
        out.append("Sections changed: " + ", ".join(pd.sections_changed))
    counts: dict[str, int] = {}
    for c in pd.changes:
        counts[c.kind] = counts.get(c.kind, 0) + 1
    if counts:
        out.append("Entries: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    context = None
    body_width = max(40, width - 6)
    for c in pd.changes:
        if c.list_context != context:
            context = c.list_context
            out += ["", context]
        out.append("  " + _describe(c))
        out += _body(c, body_width)
    return "\n".join(out) + "\n"
