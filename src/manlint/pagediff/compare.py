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

import re
from dataclasses import dataclass, field

from ..man import nodes as N
from ..man.query import Entry, parse_tag, tagged_lists
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
            body_o = texts_old[o][len(o.split(" > ")[-1]):]
            body_a = texts_new[a][len(a.split(" > ")[-1]):]
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
    for lo in old:
        names_o = {n for e in lo.entries for n in e.names}
        for ln in new:
            shared = len(names_o & {n for e in ln.entries for n in e.names})
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


@dataclass(eq=False)
class _Slot:
    entry: Entry
    lst: TagList
    pos: int
    match: "_Slot | None" = None
    how: str = ""                      # "name", "alias", "rename", "retag"
    similarity: float | None = None

    @property
    def anonymous(self) -> bool:
        return S.is_marker(self.entry.tag) or not self.entry.names


def _slots(lists: list[TagList]) -> list[_Slot]:
    return [_Slot(e, lst, k) for lst in lists for k, e in enumerate(lst.entries)]


def _link(a: _Slot, b: _Slot, how: str, sim: float | None) -> None:
    a.match, b.match = b, a
    a.how = b.how = how
    a.similarity = b.similarity = sim


def _match_group(olds: list[_Slot], news: list[_Slot], how: str = "name") -> None:
    """Same-name entries: the most alike first; a lone pair left over goes together."""
    olds = [s for s in olds if s.match is None]
    news = [s for s in news if s.match is None]
    if not olds or not news:
        return
    if len(olds) == 1 and len(news) == 1:
        _link(olds[0], news[0], how, S.ratio(olds[0].entry.text, news[0].entry.text))
        return
    cands = []
    for o in olds:
        for n in news:
            r = S.ratio(o.entry.text, n.entry.text) if S.could_reach(o.entry.text, n.entry.text, 0.35) else 0.0
            cands.append((r, -abs(o.pos - n.pos), o, n))
    cands.sort(key=lambda t: (t[0], t[1]), reverse=True)
    for r, _, o, n in cands:
        if r >= 0.35 and o.match is None and n.match is None:
            _link(o, n, how, r)
    left_o = [s for s in olds if s.match is None]
    left_n = [s for s in news if s.match is None]
    if len(left_o) == 1 and len(left_n) == 1:
        _link(left_o[0], left_n[0], how, S.ratio(left_o[0].entry.text, left_n[0].entry.text))


def _key(s: _Slot) -> str:
    """The name entries are matched by; "" for bullets and numbers (anonymous items)."""
    return "" if s.anonymous else s.entry.name


def _by_name(slots: list[_Slot], key) -> dict:
    out: dict = {}
    for s in slots:
        out.setdefault(key(s), []).append(s)
    return out


def _match_entries(old_slots, new_slots, pairs: dict[int, int]) -> None:
    # 1. the same first name, inside paired lists
    new_by = _by_name(new_slots, lambda s: (s.lst.index, _key(s)))
    for (li, name), group in _by_name(old_slots, lambda s: (s.lst.index, _key(s))).items():
        if li in pairs:
            _match_group(group, new_by.get((pairs[li], name), []))
    # 2. the same first name anywhere (an entry that went to another list)
    new_any = _by_name([s for s in new_slots if s.match is None and not s.anonymous], _key)
    for name, group in _by_name([s for s in old_slots if s.match is None and not s.anonymous], _key).items():
        _match_group(group, new_any.get(name, []))
    # 3. a shared secondary name (a tag that gained or lost an alias) in paired lists
    for o in old_slots:
        if o.match is None and o.lst.index in pairs and not o.anonymous:
            for n in new_slots:
                if (n.match is None and n.lst.index == pairs[o.lst.index] and not n.anonymous
                        and set(o.entry.names) & set(n.entry.names)):
                    _link(o, n, "alias", S.ratio(o.entry.text, n.entry.text))
                    break
    # 4. renames: a new name with similar text, at the same place or clearly the same entry
    cands = []
    for o in old_slots:
        if o.match is not None or o.lst.index not in pairs:
            continue
        for n in new_slots:
            if n.match is not None or n.lst.index != pairs[o.lst.index]:
                continue
            if o.anonymous and n.anonymous:
                continue
            if not S.could_reach(o.entry.text, n.entry.text, S.RENAME_HERE):
                continue
            r = S.ratio(o.entry.text, n.entry.text)
            here = _same_place(o, n)
            if r >= S.RENAME_ANYWHERE or (here and r >= S.RENAME_HERE):
                cands.append((here, r, o, n))
    cands.sort(key=lambda t: (t[0], t[1]), reverse=True)
    for _, r, o, n in cands:
        if o.match is None and n.match is None:
            _link(o, n, "retag" if o.anonymous or n.anonymous else "rename", r)


def _neighbour(slot: _Slot, step: int) -> _Slot | None:
    k = slot.pos + step
    return slot.lst.slots[k] if 0 <= k < len(slot.lst.slots) else None


def _same_place(o: _Slot, n: _Slot) -> bool:
    """Both entries follow the same matched entry (or start the list), or precede one (or end it)."""
    for step in (-1, 1):
        a, b = _neighbour(o, step), _neighbour(n, step)
        if a is None and b is None:
            return True
        if a is not None and b is not None and a.match is b:
            return True
    return False


def _moved(old_slots: list[_Slot], pairs: dict[int, int]) -> set[int]:
    """ids of old slots whose entry changed list context or order (outside the longest kept order)."""
    moved: set[int] = set()
    seq = []
    for o in old_slots:
        n = o.match
        if n is None:
            continue
        if pairs.get(o.lst.index) != n.lst.index and o.lst.context != n.lst.context:
            moved.add(id(o))
            continue
        seq.append((o, (n.lst.index, n.pos)))
    keep = _longest_increasing([k for _, k in seq])
    for k, (o, _) in enumerate(seq):
        if k not in keep:
            moved.add(id(o))
    return moved


def _longest_increasing(keys: list) -> set[int]:
    """Indices of one longest strictly increasing subsequence (patience sorting)."""
    import bisect
    tails: list = []
    tails_at: list[int] = []
    back = [-1] * len(keys)
    for i, key in enumerate(keys):
        j = bisect.bisect_left(tails, key)
        if j == len(tails):
            tails.append(key)
            tails_at.append(i)
        else:
            tails[j] = key
            tails_at[j] = i
        back[i] = tails_at[j - 1] if j else -1
    out: set[int] = set()
    i = tails_at[-1] if tails_at else -1
    while i >= 0:
        out.add(i)
        i = back[i]
    return out


def _since(e: Entry) -> str:
    return f" (since {e.since})" if e.since else ""


def diff_pages(old_doc: N.Document, new_doc: N.Document) -> PageDiff:
    """Compare two versions of a page section by section and entry by entry."""
    pd = PageDiff(old_path=getattr(old_doc, "path", ""), new_path=getattr(new_doc, "path", ""))
    _compare_sections(old_doc, new_doc, pd)
    old_lists, new_lists = collect_lists(old_doc), collect_lists(new_doc)
    old_slots, new_slots = _slots(old_lists), _slots(new_lists)
    for slots in (old_slots, new_slots):
        for s in slots:
            s.lst.slots.append(s)
    pairs = _pair_lists(old_lists, new_lists)
    _match_entries(old_slots, new_slots, pairs)
    moved = _moved(old_slots, pairs)
    changes: list[EntryChange] = []
    introduced: list[_Slot] = []
    for o in old_slots:
        n = o.match
        if n is None:
            changes.append(EntryChange("removed", o.lst.context, o.entry, None))
            continue
        oe, ne = o.entry, n.entry
        ctx = n.lst.context
        if o.how == "rename":
            detail = (f"{oe.name}{_since(oe)} -> {ne.name}{_since(ne)}: likely the same entry renamed "
                      f"(text similarity {o.similarity:.2f}"
                      f"{', same place in the list' if _same_place(o, n) else ''})")
            changes.append(EntryChange("renamed", ctx, oe, ne, o.similarity, detail))
            introduced.append(n)
        else:
            text_changed = S.normalize(oe.text) != S.normalize(ne.text)
            tag_changed = _bare_tag(oe) != _bare_tag(ne) and not (o.anonymous and n.anonymous)
            if text_changed or tag_changed:
                bits = []
                if tag_changed:
                    bits.append(f"tag {oe.tag!r} -> {ne.tag!r}")
                if text_changed:
                    bits.append(f"text changed ({o.similarity:.0%} similar)")
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


def _before(n: _Slot) -> str:
    return n.lst.entries[n.pos - 1].name if n.pos else "the start of the list"


_SINCE = re.compile(r"\(\s*since\s+[^)]*\)", re.IGNORECASE)


def _bare_tag(e: Entry) -> str:
    return S.normalize(_SINCE.sub("", e.tag))


def _duplicates(introduced: list[_Slot]) -> list[EntryChange]:
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
            if _bare_tag(e) == _bare_tag(f):
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


def _near_duplicate(n: _Slot, other: _Slot) -> EntryChange | None:
    """An introduced entry whose name and text are very close to another entry's in its list,
    when neither text gives the differing part of the names a meaning of its own."""
    e, f = n.entry, other.entry
    nr = max(S.near_name(a, b) for a in e.names for b in f.names)
    if nr < S.NEAR_NAME or not S.could_reach(e.text, f.text, S.NEAR_TEXT):
        return None
    r = S.ratio(e.text, f.text)
    if r < S.NEAR_TEXT:
        return None
    mine, theirs = S.distinguishing(e.names, f.names)
    if S.mentions(e.text, e.names, mine) or S.mentions(f.text, f.names, theirs):
        return None
    return EntryChange("near-duplicate", n.lst.context, None, e, r,
                       f"{e.name}{_since(e)} looks like another name for {f.name}{_since(f)} "
                       f"(line {f.line}) in the same list: names {nr:.2f} alike, texts {r:.2f} alike",
                       other=f)
