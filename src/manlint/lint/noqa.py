"""Suppression comments in the page itself.

* ``.\\" manlint: ignore[CODE,...]`` on its own line: the next non-comment line;
* ``... \\" manlint: ignore[CODE]`` at the end of a line: that line;
* ``.\\" manlint: ignore-file[CODE,...]``: the whole file.

CODE may be a code (MP010), a prefix (MP) or a rule name.  An empty list
(``ignore[]``) or a bare ``ignore`` means every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DIRECTIVE = re.compile(r'\\"\s*manlint:\s*(ignore-file|ignore)(?:\[([^\]]*)\])?')


@dataclass(slots=True)
class Suppression:
    line: int          # line of the comment
    col: int
    target: int        # line it applies to (0: whole file)
    selectors: list[str]
    used: bool = False


@dataclass(slots=True)
class Suppressions:
    items: list[Suppression] = field(default_factory=list)

    def matches(self, code: str, name: str, line: int) -> bool:
        hit = False
        for s in self.items:
            if s.target in (0, line) and _selected(code, name, s.selectors):
                s.used = True
                hit = True
        return hit


def _selected(code: str, name: str, selectors: list[str]) -> bool:
    if not selectors:
        return True
    return any(code.startswith(sel) or sel == name for sel in selectors)


def parse_suppressions(lines: list[str]) -> Suppressions:
    out = Suppressions()
    pending: list[Suppression] = []
    for lineno, text in enumerate(lines, 1):
        if "manlint:" in text:
            m = _DIRECTIVE.search(text)
            if m:
                kind, codes = m.group(1), m.group(2)
                selectors = [c.strip() for c in (codes or "").split(",") if c.strip()]
                own_line = text.lstrip()[:1] in (".", "'") and text.lstrip()[1:].lstrip().startswith('\\"')
                if kind == "ignore-file":
                    out.items.append(Suppression(lineno, m.start() + 1, 0, selectors))
                elif own_line:
                    s = Suppression(lineno, m.start() + 1, -1, selectors)
                    out.items.append(s)
                    pending.append(s)
                else:
                    out.items.append(Suppression(lineno, m.start() + 1, lineno, selectors))
                continue
        stripped = text.lstrip()
        is_comment = stripped[:1] in (".", "'") and stripped[1:].lstrip().startswith('\\"')
        if pending and not is_comment:
            for s in pending:
                s.target = lineno
            pending.clear()
    return out
