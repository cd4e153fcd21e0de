"""Folding many findings of one rule on one page into a single page-level finding.

An old page that never followed a convention (constants in bold, one
sentence a line) breaks it dozens of times; listing every place buries the
page's other findings, and the maintainer fixes such a page in one go.  Past
``LIMIT`` findings, a rule's findings on the page become one, at the first
place, whose message gives the count and whose fix (when every finding had
a safe one) applies them all (those that overlap are left to the next
--fix round).
"""

from __future__ import annotations

from ...diagnostics import Fix

LIMIT = 8
# Conventions a page either follows or never heard of (one sentence a line,
# references and function names marked up, \- for options): a handful of
# breaks already shows the habit, and the maintainer fixes the page in one go.
HABIT = 3


def fold(ctx, rule, start: int, limit: int = LIMIT) -> None:
    """Fold the findings of ``rule`` added to ctx.diagnostics since index ``start``.

    ``limit`` is how many findings are listed one by one before they fold
    (``LIMIT`` by default, ``HABIT`` for page-wide conventions; 1 folds
    every repetition).
    """
    if not ctx.fold:
        return
    found = ctx.diagnostics[start:]
    mine = [d for d in found if d.code == rule.code]
    if len(mine) <= limit:
        return
    if "manlint:" in ctx.source.text:
        return  # suppression comments name single lines: keep every finding
    first = mine[0]
    fix = None
    if all(d.fix is not None and d.fix.safe for d in mine):
        edits = []
        last = (0, 0)
        for d in sorted(mine, key=lambda d: (d.fix.edits[0].line, d.fix.edits[0].col)):
            ordered = sorted(d.fix.edits, key=lambda e: (e.line, e.col))
            if (ordered[0].line, ordered[0].col) < last:
                continue  # overlaps the previous one: the next round of --fix gets it
            edits.extend(ordered)
            last = (ordered[-1].end_line, ordered[-1].end_col)
        fix = Fix(first.fix.title + f" (all {len(mine)} places)", tuple(edits))
    first.message = f"{first.message} (and {len(mine) - 1} more in this page)"
    first.fix = fix
    ctx.diagnostics[start:] = [d for d in found if d.code != rule.code or d is first]
