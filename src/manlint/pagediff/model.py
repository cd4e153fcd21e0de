"""What a page diff reports: sections added, removed and changed, and entry changes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..man.query import Entry

# The kinds of EntryChange, in the order reports list them.
KINDS = ("renamed", "added", "removed", "changed", "since", "moved", "duplicate", "near-duplicate")


@dataclass
class EntryChange:
    kind: str                 # one of KINDS
    list_context: str         # "DESCRIPTION > The flags argument", "ERRORS"...
    old: Entry | None
    new: Entry | None
    similarity: float | None = None
    detail: str = ""
    other: Entry | None = None    # duplicate / near-duplicate: the entry of the new page it resembles

    @property
    def name(self) -> str:
        return (self.new or self.old).name if (self.new or self.old) else ""

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "list": self.list_context,
            "name": self.name,
            "old": entry_dict(self.old),
            "new": entry_dict(self.new),
            "other": entry_dict(self.other),
            "similarity": self.similarity,
            "detail": self.detail,
        }


@dataclass
class PageDiff:
    sections_added: list[str] = field(default_factory=list)
    sections_removed: list[str] = field(default_factory=list)
    changes: list[EntryChange] = field(default_factory=list)
    sections_changed: list[str] = field(default_factory=list)
    sections_renamed: list[tuple[str, str, float]] = field(default_factory=list)
    old_path: str = ""
    new_path: str = ""

    def __bool__(self) -> bool:
        return bool(self.sections_added or self.sections_removed or self.changes
                    or self.sections_changed or self.sections_renamed)

    @property
    def has_changes(self) -> bool:
        return bool(self)

    def of_kind(self, kind: str) -> list[EntryChange]:
        return [c for c in self.changes if c.kind == kind]

    def find(self, kind: str, name: str | None = None) -> list[EntryChange]:
        """Changes of ``kind`` whose old or new entry has ``name`` among its names."""
        out = []
        for c in self.of_kind(kind):
            names = set((c.old.names if c.old else []) + (c.new.names if c.new else []))
            if name is None or name in names:
                out.append(c)
        return out

    def to_dict(self) -> dict:
        counts: dict[str, int] = {}
        for c in self.changes:
            counts[c.kind] = counts.get(c.kind, 0) + 1
        return {
            "old": self.old_path,
            "new": self.new_path,
            "sections_added": self.sections_added,
            "sections_removed": self.sections_removed,
            "sections_renamed": [{"old": o, "new": n, "similarity": r} for o, n, r in self.sections_renamed],
            "sections_changed": self.sections_changed,
            "counts": counts,
            "changes": [c.to_dict() for c in self.changes],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_text(self, width: int = 78) -> str:
        from .report import text_report
        return text_report(self, width)


def entry_dict(e: Entry | None) -> dict | None:
    if e is None:
        return None
    return {"name": e.name, "names": list(e.names), "tag": e.tag, "since": e.since,
            "line": e.line, "text": e.text}
