"""Matching the entries of two pages: by name, by alias, then renames between matched neighbours.

Texts are normalized once per entry and compared through cached figures;
candidate pairs are filtered by a cheap word-bag overlap before difflib runs,
and large groups are compared only near their own position, so a page with
hundreds of entries (proc(5)) stays fast.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from ..man.query import Entry
from . import similar as S

_BRACKETS = re.compile(r"[\[\]<>{}]")
_WINDOW = 8          # positions compared around an entry's own place in a large group or run
_ALL_PAIRS = 400     # a group or run up to this many pairs is compared pair by pair


@dataclass(eq=False)
class Slot:
    entry: Entry
    lst: object          # compare.TagList
    pos: int
    text: str = ""
    norm: str = ""
    bag: Counter = None  # type: ignore[assignment]
    anonymous: bool = False
    key: str = ""
    tag: str = ""        # the tag without "(since ...)", normalized
    match: "Slot | None" = None
    how: str = ""        # "name", "alias", "rename", "retag"
    similarity: float | None = None
    same_place: bool = False


def make_slots(lists) -> list[Slot]:
    out = []
    for lst in lists:
        for k, e in enumerate(lst.entries):
            text = e.text
            norm = S.normalize(text)
            anonymous = S.is_marker(e.tag) or not e.names
            key = "" if anonymous else _BRACKETS.sub("", e.name).rstrip(":,.")
            slot = Slot(e, lst, k, text, norm, Counter(S.words(norm)), anonymous, key, S.bare_tag(e.tag))
            lst.slots.append(slot)
            out.append(slot)
    return out


def _overlap(a: Slot, b: Slot) -> float:
    """2 * shared words / all words: a cheap stand-in that tells clearly different texts apart."""
    total = sum(a.bag.values()) + sum(b.bag.values())
    if not total:
        return 1.0
    return 2 * sum((a.bag & b.bag).values()) / total


def similarity(a: Slot, b: Slot) -> float:
    return S.ratio_normalized(a.norm, b.norm)


def maybe(a: Slot, b: Slot, threshold: float) -> float:
    """The similarity when it may reach ``threshold``, else 0."""
    if a.norm == b.norm:
        return 1.0
    if _overlap(a, b) < threshold - 0.15:
        return 0.0
    return similarity(a, b)


def link(a: Slot, b: Slot, how: str, sim: float | None) -> None:
    a.match, b.match = b, a
    a.how = b.how = how
    a.similarity = b.similarity = sim


def _near(olds: list[Slot], news: list[Slot]):
    """Candidate pairs: all of them for small groups, else those near the same rank."""
    if len(olds) * len(news) <= _ALL_PAIRS:
        return [(o, n) for o in olds for n in news]
    scale = len(news) / len(olds)
    out = []
    for i, o in enumerate(olds):
        mid = int(i * scale)
        for n in news[max(0, mid - _WINDOW):mid + _WINDOW + 1]:
            out.append((o, n))
    return out


def _match_group(olds: list[Slot], news: list[Slot], how: str = "name") -> None:
    """Same-name entries: identical texts first, then the most alike; a lone pair left goes together."""
    olds = [s for s in olds if s.match is None]
    news = [s for s in news if s.match is None]
    if not olds or not news:
        return
    by_text: dict[str, list[Slot]] = {}
    for n in news:
        by_text.setdefault(n.norm, []).append(n)
    for o in olds:
        same = [n for n in by_text.get(o.norm, []) if n.match is None]
        if same:
            link(o, same[0], how, 1.0)
    olds = [s for s in olds if s.match is None]
    news = [s for s in news if s.match is None]
    if len(olds) == 1 and len(news) == 1:
        link(olds[0], news[0], how, similarity(olds[0], news[0]))
        return
    cands = []
    for o, n in _near(olds, news):
        r = maybe(o, n, 0.35)
        if r >= 0.35:
            cands.append((r, -abs(o.pos - n.pos), o, n))
    cands.sort(key=lambda t: (t[0], t[1]), reverse=True)
    for r, _, o, n in cands:
        if o.match is None and n.match is None:
            link(o, n, how, r)
    left_o = [s for s in olds if s.match is None]
    left_n = [s for s in news if s.match is None]
    if len(left_o) == 1 and len(left_n) == 1:
        link(left_o[0], left_n[0], how, similarity(left_o[0], left_n[0]))


def _group(slots: list[Slot], key) -> dict:
    out: dict = {}
    for s in slots:
        out.setdefault(key(s), []).append(s)
    return out


def match_entries(old_slots: list[Slot], new_slots: list[Slot], pairs: dict[int, int]) -> None:
    # 1. the same name (brackets aside: /proc/[pid]/maps is /proc/pid/maps) inside paired lists
    new_by = _group(new_slots, lambda s: (s.lst.index, s.key))
    for (li, key), group in _group(old_slots, lambda s: (s.lst.index, s.key)).items():
        if li in pairs:
            _match_group(group, new_by.get((pairs[li], key), []))
    # 2. the same name anywhere (an entry that went to another list)
    new_any = _group([s for s in new_slots if s.match is None and not s.anonymous], lambda s: s.key)
    for key, group in _group([s for s in old_slots if s.match is None and not s.anonymous],
                             lambda s: s.key).items():
        _match_group(group, new_any.get(key, []))
    new_lists = {s.lst.index: s.lst for s in new_slots}
    # 3. a shared secondary name (a tag that gained or lost an alias) in paired lists
    for o in old_slots:
        if o.match is None and o.lst.index in pairs and not o.anonymous:
            names = set(o.entry.names)
            for n in new_lists[pairs[o.lst.index]].slots:
                if n.match is None and not n.anonymous and names & set(n.entry.names):
                    link(o, n, "alias", similarity(o, n))
                    break
    # 4. renames: a new name with similar text between the same matched neighbours
    old_lists = {s.lst.index: s.lst for s in old_slots}
    for li, ni in pairs.items():
        if li in old_lists and ni in new_lists:
            _renames(old_lists[li].slots, new_lists[ni].slots)


def _runs(olds: list[Slot], news: list[Slot]):
    """Stretches of unmatched entries between the same matched neighbours of two paired lists."""
    anchors = [(o.pos, o.match.pos) for o in olds
               if o.match is not None and o.match.lst is (news[0].lst if news else None)]
    keep = longest_increasing([n for _, n in anchors])
    anchors = [(-1, -1)] + [a for k, a in enumerate(anchors) if k in keep] + [(len(olds), len(news))]
    for (o0, n0), (o1, n1) in zip(anchors, anchors[1:]):
        run_o = [s for s in olds[o0 + 1:o1] if s.match is None]
        run_n = [s for s in news[n0 + 1:n1] if s.match is None]
        if run_o and run_n:
            yield run_o, run_n, olds[o0 + 1:o1], news[n0 + 1:n1]


def _renames(olds: list[Slot], news: list[Slot]) -> None:
    cands = []
    for run_o, run_n, span_o, span_n in _runs(olds, news):
        for o, n in _near(run_o, run_n):
            if o.anonymous and n.anonymous:
                continue
            i, j = span_o.index(o), span_n.index(n)
            here = i == j or len(span_o) - i == len(span_n) - j
            threshold = S.RENAME_HERE if here else S.RENAME_ANYWHERE
            r = maybe(o, n, threshold)
            if r >= threshold:
                cands.append((here, r, o, n))
    cands.sort(key=lambda t: (t[0], t[1]), reverse=True)
    for here, r, o, n in cands:
        if o.match is None and n.match is None:
            link(o, n, "retag" if o.anonymous or n.anonymous else "rename", r)
            o.same_place = n.same_place = here


def moved(old_slots: list[Slot], pairs: dict[int, int]) -> set[int]:
    """ids of old slots whose entry changed list context, or order (outside the longest kept order)."""
    out: set[int] = set()
    seq = []
    for o in old_slots:
        n = o.match
        if n is None:
            continue
        if pairs.get(o.lst.index) != n.lst.index and o.lst.context != n.lst.context:
            out.add(id(o))
            continue
        seq.append((o, (n.lst.index, n.pos)))
    keep = longest_increasing([k for _, k in seq])
    for k, (o, _) in enumerate(seq):
        if k not in keep:
            out.add(id(o))
    return out


def longest_increasing(keys: list) -> set[int]:
    """Indices of one longest strictly increasing subsequence (patience sorting)."""
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
