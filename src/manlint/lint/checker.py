"""One pass over the tree and the lines, dispatching to every enabled rule."""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic, Severity
from ..man import nodes as N
from .context import LintContext
from .noqa import parse_suppressions
from .registry import UNUSED_SUPPRESSION, Selection


class Checker:
    """Rules instantiated for one selection; reusable across pages."""

    def __init__(self, selection: Selection, fold: bool = True):
        self.selection = selection
        # Folding (lint.rules.folding) is for reading a whole page; a patch
        # review wants every place, to keep those the patch introduced.
        self.fold = fold
        self.rules = [cls() for cls in selection.rules()]
        self.line_rules = [r for r in self.rules if hasattr(r, "check_line")]
        self.finishers = [r for r in self.rules if hasattr(r, "finish")]
        self.starters = [r for r in self.rules if hasattr(r, "start")]
        self._dispatch: dict[type, list] = {}
        # Each line rule's pattern, tried at every line start of the page's
        # text in one search (see Rule.lines_matching).
        self._line_searches = [
            (rule.check_line, None if pattern is None else
             re.compile(r"\n(?=(?:" + pattern.pattern + r"))", pattern.flags | re.MULTILINE))
            for rule in self.line_rules
            for pattern in [getattr(rule, "lines_matching", None)]]
        # One search for the lines that any of these patterns may take: each
        # rule's own pattern is then tried there only (a scan of the page
        # instead of one per rule).  Only for patterns that combine as they are.
        patterns = [getattr(rule, "lines_matching", None) for rule in self.line_rules]
        patterns = [p for p in patterns if p is not None]
        self._any_line = None
        if len(patterns) > 1 and len({p.flags for p in patterns}) == 1 and not any(p.groups for p in patterns):
            self._any_line = re.compile(r"\n(?=" + "|".join(f"(?:{p.pattern})" for p in patterns) + ")",
                                        patterns[0].flags | re.MULTILINE)
        # Classes whose all_children() differs from their children list.
        self._own_children: dict[type, bool] = {}
        # Classes some rule visits (filled as the walks meet them).
        self._visited: set[type] = set()

    def _methods(self, cls: type) -> list:
        found = self._dispatch.get(cls)
        if found is None:
            found = []
            for rule in self.rules:
                for klass in cls.__mro__:
                    method = getattr(rule, "visit_" + klass.__name__, None)
                    if method is not None:
                        found.append(method)
                        break
                    if klass is N.Node:
                        break
            self._dispatch[cls] = found
        return found

    def check(self, doc: N.Document, release: bool = False) -> list[Diagnostic]:
        """The findings for ``doc``.  With ``release``, the tree's parent links are
        cut afterwards (the caller is done with it) so that reference counting
        frees it at once: left to the cyclic collector, trees of this size cost
        a fifth of the lint time in collections."""
        ctx = LintContext(doc, self.selection.severities, self.fold)
        index: dict[type, list] = {}
        outside_runs = None
        for rule in self.starters:
            rule.start(ctx)
        if not doc.mdoc:
            # One walk indexes the nodes by class, each list in document order
            # (ctx.of_type), so rules asking whole-page questions from
            # visit_Document do not walk the tree again; then dispatch.
            own_children = self._own_children
            # A text line's runs (Text, a third of all nodes) are left out of the
            # walk when no rule visits them; LintContext.of_type(N.Text) then
            # walks for them itself, and release frees them with their line.
            skip_runs = not self._methods(N.Text)
            # So are a font macro's runs and references when no rule visits
            # these either (LintContext.of_type finds them from the macros).
            run_owners = ((N.TextLine, N.FontMacro) if not self._methods(N.Reference) else (N.TextLine,)) \
                if skip_runs else ()
            skipped = frozenset(run_owners)  # (a local: looked up once a page)
            # The nodes some rule visits, listed by the walk: most (text lines,
            # comments, tags...) interest no rule, and dispatch skips them.
            visited, to_visit = self._visited, []
            # Depth first with a stack of sibling iterators: a leaf (most
            # nodes) costs one step of its siblings' loop, no push and pop.
            stack = [iter((doc,))]
            while stack:
                for node in stack[-1]:
                    cls = type(node)
                    bucket = index.get(cls)
                    if bucket is None:
                        bucket = index[cls] = []
                        if cls not in own_children:
                            own_children[cls] = cls.all_children is not N.Node.all_children
                            if self._methods(cls):
                                visited.add(cls)
                    bucket.append(node)
                    if cls in visited:
                        to_visit.append(node)
                    if cls in skipped:
                        continue
                    kids = node.all_children() if own_children[cls] else node.children
                    if kids:
                        stack.append(iter(kids))
                        break
                else:
                    stack.pop()
            if skip_runs:
                # Only the runs outside lines and macros: incomplete (kept for release).
                outside_runs = index.pop(N.Text, None)
                ctx._unindexed = (N.Text, N.Reference) if N.FontMacro in skipped else (N.Text,)
            ctx._by_type = index
            methods = self._dispatch
            for node in to_visit:
                for method in methods[type(node)]:
                    method(node, ctx)
            lines = ctx.lines
            joined = hits = None
            any_line = self._any_line
            for check, search in self._line_searches if lines else ():
                if search is None:
                    for lineno, text in enumerate(lines, 1):
                        check(ctx, lineno, text)
                    continue
                # The pattern picks its few lines in C; line numbers by
                # counting newlines from one match to the next.
                if joined is None:
                    joined = "\n" + "\n".join(lines)  # a newline before every line
                if any_line is None:
                    taken = [m.start() for m in search.finditer(joined)]
                else:
                    if hits is None:
                        hits = [m.start() for m in any_line.finditer(joined)]
                    match = search.match
                    taken = [at for at in hits if match(joined, at)]
                lineno, pos = 0, 0
                for at in taken:
                    lineno += joined.count("\n", pos, at + 1)
                    pos = at + 1
                    check(ctx, lineno, lines[lineno - 1])
            for rule in self.finishers:
                rule.finish(ctx)
        found = [d for d in doc.diagnostics if self.selection.enabled(d.code, d.name)]
        for d in found:
            d.severity = self.selection.severities.get(d.code, d.severity)
        found.extend(ctx.diagnostics)
        result = self._suppress(ctx, found)
        if release:
            if index:
                # Every walked node is in one of the class lists (no list of the
                # walk's order is kept: the rules hardly ever need it).
                for nodes in index.values():
                    for node in nodes:
                        node.parent = None
                for node in outside_runs or ():
                    node.parent = None
                for owner in run_owners:
                    for line in index.get(owner, ()):
                        line.children = []  # its runs, not walked, go with the list
            else:
                for node in doc.walk():
                    node.parent = None
                    if type(node) is N.TextLine:
                        node.children = []
        return result

    def check_parse_only(self, doc: N.Document) -> list[Diagnostic]:
        """For .so link pages: only the parser's messages (the target is linted on its own)."""
        found = [d for d in doc.diagnostics if self.selection.enabled(d.code, d.name)]
        return sorted(found, key=Diagnostic.sort_key)

    def _suppress(self, ctx: LintContext, found: list[Diagnostic]) -> list[Diagnostic]:
        if "manlint:" not in ctx.source.text:
            return sorted(found, key=Diagnostic.sort_key)
        sup = parse_suppressions(ctx.lines)
        kept = [d for d in found
                if d.source is not ctx.source or not sup.matches(d.code, d.name, d.line)]
        if self.selection.enabled(UNUSED_SUPPRESSION.code, UNUSED_SUPPRESSION.name):
            for s in sup.items:
                if not s.used:
                    what = ",".join(s.selectors) or "all"
                    kept.append(Diagnostic(UNUSED_SUPPRESSION.code, UNUSED_SUPPRESSION.name,
                                           self.selection.severities.get(UNUSED_SUPPRESSION.code,
                                                                         Severity.WARNING),
                                           f"suppression ignore[{what}] suppresses nothing",
                                           ctx.source, s.line, s.col))
        return sorted(kept, key=Diagnostic.sort_key)
