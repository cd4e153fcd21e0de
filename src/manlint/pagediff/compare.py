"""Comparing two parsed pages entry by entry.

1. Every tagged list of both pages is collected with its context (the
   section, subsection and enclosing entry it sits in).
2. Old lists are paired with new lists by the names they share.
3. Entries are matched: by name inside paired lists, then by name
   anywhere, then by a shared secondary name; what is left may be a
   rename (a new name at the same place with similar text).  Same-name
   groups (EINVAL three times) are matched by text likeness.
4. Matched entries report text, tag, "(since ...)" and position changes;
   the rest are added or removed.  In the new page, introduced entries are
   checked for duplicates (same tag, same text) and near-duplicate names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..man import nodes as N
from ..man.query import Entry, parse_tag, tagged_lists
from . import match as M
from . import similar as S
from .model import KINDS, EntryChange, PageDiff


@dataclass(eq=False)
class TagList:
    context: str
    entries: list[Entry]
    index: int                       # among all lists of the page, in document order
    slots: list = field(default_factory=list)


def _context(node: N.Node) -> str:
    parts: list[str] = []
    n: N.Node | None = node
    while n is not None:
        if isinstance(n, N.Section):
            parts.append(n.name or f".{n.macro}")
        elif isinstance(n, (N.TaggedParagraph, N.IndentedParagraph)) and n.tag.children:
            names, _ = parse_tag(n.tag.text())
            parts.append(names[0] if names else n.tag.text())
        n = n.parent
    return " > ".join(reversed(parts)) or "(before the first section)"


def collect_lists(doc: N.Document) -> list[TagList]:
    """Every tagged list of the page: in sections, subsections, insets and paragraphs."""
    found: list[tuple[int, int, list[Entry], N.Node]] = []
    for n in doc.walk():
        if isinstance(n, (N.Document, N.Section, N.Inset, N.Paragraph)):
            for lst in tagged_lists(n):
                if lst:
                    found.append((lst[0].node.line, lst[0].node.col, lst, n))
    found.sort(key=lambda t: (t[0], t[1]))
    return [TagList(_context(n), lst, k) for k, (_, _, lst, n) in enumerate(found)]


# ---- sections -----------------------------------------------------------------------

def _sections(doc: N.Document) -> dict[str, N.Section]:
    out: dict[str, N.Section] = {}
    for sec in doc.sections():
        out.setdefault(sec.name, sec)
        for sub in sec.children:
            if isinstance(sub, N.Subsection):
                out.setdefault(f"{sec.name} > {sub.name}", sub)
    return out


_SECTION_SAMPLE = 6000     # characters of a section compared to tell a renamed section


def _compare_sections(old_doc, new_doc, pd: PageDiff) -> None:
    old, new = _sections(old_doc), _sections(new_doc)
    removed = [k for k in old if k not in new]
    added = [k for k in new if k not in old]
    texts_old = {k: old[k].text() for k in removed}
    texts_new = {k: new[k].text() for k in added}
    for o in list(removed):
        best = None
        for a in added:
            if (" > " in o) != (" > " in a):
                continue
            body_o = texts_old[o][len(o.split(" > ")[-1]):][:_SECTION_SAMPLE]
            body_a = texts_new[a][len(a.split(" > ")[-1]):][:_SECTION_SAMPLE]
            if not S.could_reach(body_o, body_a, 0.6):
                continue
            r = S.ratio(body_o, body_a)
            if r >= 0.6 and (best is None or r > best[1]):
                best = (a, r)
        if best:
            pd.sections_renamed.append((o, best[0], best[1]))
            removed.remove(o)
            added.remove(best[0])
    pd.sections_removed = removed
    pd.sections_added = added
    for k in new:
        if k in old and S.normalize(old[k].text()) != S.normalize(new[k].text()):
            pd.sections_changed.append(k)


# ---- lists and entries ----------------------------------------------------------------

def _pair_lists(old: list[TagList], new: list[TagList]) -> dict[int, int]:
    """Old list index -> new list index, by shared names (then by context and order)."""
    scores = []
    names_new = [{n for e in ln.entries for n in e.names} for ln in new]
    for lo in old:
        names_o = {n for e in lo.entries for n in e.names}
        for ln, names_n in zip(new, names_new):
            shared = len(names_o & names_n)
            same_ctx = lo.context == ln.context
            if shared or same_ctx:
                scores.append((shared, same_ctx, -abs(lo.index - ln.index), lo.index, ln.index))
    scores.sort(reverse=True)
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for shared, same_ctx, _, io, in_ in scores:
        if io in pairs or in_ in taken:
            continue
        if not shared and not same_ctx:
            continue
        pairs[io] = in_
        taken.add(in_)
    return pairs


def _since(e: Entry) -> str:
    return f" (since {e.since})" if e.since else ""


def diff_pages(old_doc: N.Document, new_doc: N.Document) -> PageDiff:
    """Compare two versions of a page section by section and entry by entry."""
    pd = PageDiff(old_path=getattr(old_doc, "path", ""), new_path=getattr(new_doc, "path", ""))
    _compare_sections(old_doc, new_doc, pd)
    old_lists, new_lists = collect_lists(old_doc), collect_lists(new_doc)
    old_slots, new_slots = M.make_slots(old_lists), M.make_slots(new_lists)
    pairs = _pair_lists(old_lists, new_lists)
    M.match_entries(old_slots, new_slots, pairs)
    moved = M.moved(old_slots, pairs)
    changes: list[EntryChange] = []
    introduced: list[M.Slot] = []
    for o in old_slots:
        n = o.match
        if n is None:
            changes.append(EntryChange("removed", o.lst.context, o.entry, None))
            continue
        oe, ne = o.entry, n.entry
        ctx = n.lst.context
        if o.how == "rename":
            detail = (f"{oe.name}{_since(oe)} -> {ne.name}{_since(ne)}: likely the same entry renamed "
                      f"(text similarity {S.figure(o.similarity)}"
                      f"{', same place in the list' if o.same_place else ''})")
            changes.append(EntryChange("renamed", ctx, oe, ne, o.similarity, detail))
            introduced.append(n)
        else:
            text_changed = o.norm != n.norm
            tag_changed = o.tag != n.tag and not (o.anonymous and n.anonymous)
            if text_changed or tag_changed:
                bits = []
                if tag_changed:
                    bits.append(f"tag {oe.tag!r} -> {ne.tag!r}")
                if text_changed:
                    bits.append(f"text changed (similarity {S.figure(o.similarity)})")
                changes.append(EntryChange("changed", ctx, oe, ne, o.similarity, "; ".join(bits)))
                if text_changed:
                    introduced.append(n)
            if (oe.since or "") != (ne.since or ""):
                changes.append(EntryChange("since", ctx, oe, ne, o.similarity,
                                           f"(since {oe.since or '-'}) -> (since {ne.since or '-'})"))
        if id(o) in moved:
            where = (f"from {o.lst.context} to {ctx}" if o.lst.context != ctx
                     else f"now after {_before(n)}")
            changes.append(EntryChange("moved", ctx, oe, ne, o.similarity, where))
    for n in new_slots:
        if n.match is None:
            changes.append(EntryChange("added", n.lst.context, None, n.entry))
            introduced.append(n)
    changes.extend(_duplicates(introduced))
    order = {k: i for i, k in enumerate(KINDS)}
    rank: dict[str, int] = {}
    for lst in new_lists + old_lists:
        rank.setdefault(lst.context, len(rank))
    changes.sort(key=lambda c: (rank.get(c.list_context, len(rank)), order[c.kind],
                                c.new is None, (c.new or c.old).line))
    pd.changes = changes
    return pd


def _before(n: M.Slot) -> str:
    return n.lst.entries[n.pos - 1].name if n.pos else "the start of the list"


def _duplicates(introduced: list[M.Slot]) -> list[EntryChange]:
    out: list[EntryChange] = []
    seen: set[tuple[int, int]] = set()
    for n in introduced:
        for other in n.lst.slots:
            if other is n or n.anonymous or other.anonymous:
                continue
            key = (min(id(n), id(other)), max(id(n), id(other)))
            if key in seen:
                continue
            e, f = n.entry, other.entry
            if n.tag == other.tag:
                same, score, how = S.duplicate_check(e, f)
                if same:
                    seen.add(key)
                    out.append(EntryChange("duplicate", n.lst.context, None, e, score,
                                           f"{e.name} twice in this list (lines {f.line} and {e.line}): {how}",
                                           other=f))
            elif (n.match is None or n.how == "rename") and not set(e.names) & set(f.names):
                change = _near_duplicate(n, other)
                if change is not None:
                    seen.add(key)
                    out.append(change)
    return out


def _near_duplicate(n: M.Slot, other: M.Slot) -> EntryChange | None:
    """An introduced entry whose name and text are very close to another entry's in its list,
    when neither text gives the differing part of the names a meaning of its own."""
    e, f = n.entry, other.entry
    nr = max(S.near_name(a, b) for a in e.names for b in f.names)
    if nr < S.NEAR_NAME or min(sum(n.bag.values()), sum(other.bag.values())) < S.NEAR_WORDS:
        return None
    r = M.maybe(n, other, S.NEAR_TEXT)
    if r < S.NEAR_TEXT:
        return None
    mine, theirs = S.distinguishing(e.names, f.names)
    if S.mentions(n.text, e.names, mine) or S.mentions(other.text, f.names, theirs):
        return None
    return EntryChange("near-duplicate", n.lst.context, None, e, r,
                       f"{e.name}{_since(e)} looks like another name for {f.name}{_since(f)} "
                       f"(line {f.line}) in the same list: names {S.figure(nr)} alike, texts {S.figure(r)} alike",
                       other=f)
