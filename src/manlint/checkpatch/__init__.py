"""check-patch: apply patches safely, report what they introduce, compare with upstream.

For each patch of a series, in order: apply it in memory to the pages as
the earlier patches left them, lint every touched page before and after and
keep the findings the patch introduced, check its commit message, diff the
page entry by entry (what the patch changed) and against the upstream
version of the same page (what it adds that upstream lacks or has
differently).  Nothing is written unless ``apply_to`` is given.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..lint.checker import Checker
from ..lint.registry import Selection
from ..man import parse_bytes
from ..patch.apply import Tree, apply_series, open_tree
from ..patch.model import Patch, PatchError
from ..patch.reader import read_series
from .introduced import changed_lines, introduced
from .message import check_message

# Rules too strict for whole legacy pages, but right for the lines a patch adds.
PATCH_RULES = ["MP001", "MP011", "MP022", "MP052", "PR010", "PR011", "XR005", "XR004", "HD001", "HD01"]


@dataclass
class PageResult:
    path: str
    old_text: str | None
    new_text: str | None
    hunks: list = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)     # introduced (or all with --all)
    diff: object = None          # PageDiff before -> after
    upstream_diff: object = None  # PageDiff upstream -> after
    upstream_path: str | None = None


@dataclass
class PatchResult:
    patch: Patch
    message_findings: list[Diagnostic] = field(default_factory=list)
    pages: list[PageResult] = field(default_factory=list)

    @property
    def findings(self) -> list[Diagnostic]:
        return self.message_findings + [d for p in self.pages for d in p.findings]


class _Overlay(Tree):
    """The base tree with the pages the earlier patches of the series changed."""

    def __init__(self, base: Tree, state: dict[str, str | None]):
        self.base = base
        self.state = state
        self.name = getattr(base, "name", "tree")

    def read(self, path, where=None, line=None):
        if path in self.state:
            return self.state[path]
        return self.base.read(path, where, line)


def default_tree(cwd: str = ".") -> str:
    """The current directory when it is a man-page tree, else the system's pages."""
    try:
        if any(d.startswith("man") and os.path.isdir(os.path.join(cwd, d)) for d in os.listdir(cwd)):
            return cwd
    except OSError:
        pass
    return "/usr/share/man"


def _parse(text: str, path: str):
    return parse_bytes(text.encode("utf-8", "surrogateescape"), path, root=None, follow_so=False)


def check_series(patch_paths: list[str], tree_spec: str | None = None, upstream_spec: str | None = None,
                 show_all: bool = False, selection: Selection | None = None,
                 apply_to: str | None = None) -> list[PatchResult]:
    patches = read_series(patch_paths)
    if not patches:
        raise PatchError(patch_paths[0] if patch_paths else None, None, "no patches found")
    tree = open_tree(tree_spec or default_tree())
    upstream = None
    if upstream_spec != "none":
        try:
            upstream = open_tree(upstream_spec or "/usr/share/man")
        except PatchError:
            if upstream_spec:
                raise
    selection = selection or Selection(extend_select=PATCH_RULES)
    checker = Checker(selection, fold=False)
    state: dict[str, str | None] = {}
    results: list[PatchResult] = []
    all_changes: dict[str, tuple] = {}
    for patch in patches:
        applied = apply_series(_Overlay(tree, state), [patch])
        pr = PatchResult(patch, check_message(patch, patch.source_path))
        for path, (old, new, reports) in applied.items():
            state[path] = new
            first = all_changes.get(path)
            all_changes[path] = (first[0] if first else old, new, (first[2] if first else []) + reports)
            pr.pages.append(_page_result(path, old, new, reports, checker, show_all, upstream))
        results.append(pr)
    if apply_to:
        from ..patch.apply import write_tree
        write_tree(all_changes, apply_to)
    return results


def _page_result(path, old, new, reports, checker, show_all, upstream) -> PageResult:
    from ..pagediff import diff_pages
    page = PageResult(path, old, new, list(reports))
    if new is None:
        return page
    new_doc = _parse(new, path)
    after = checker.check(new_doc)
    old_doc = _parse(old, path) if old else None
    if show_all or old_doc is None:
        page.findings = after
    else:
        before = checker.check(old_doc)
        page.findings = introduced(before, after, old.split("\n"), new.split("\n"))
        page.diff = diff_pages(old_doc, new_doc)
    page.findings = [d.detached() for d in page.findings]
    if upstream is not None:
        try:
            up_text = upstream.read(path)
        except PatchError:
            up_text = None
        if up_text:
            page.upstream_path = f"{getattr(upstream, 'name', 'upstream')}:{path}"
            page.upstream_diff = diff_pages(_parse(up_text, path), new_doc)
            _keep_patch_entries(page, old, new)
    return page


def _keep_patch_entries(page: PageResult, old: str | None, new: str) -> None:
    """Upstream comparison: keep the entry changes that involve what this patch changed."""
    if page.upstream_diff is None:
        return
    touched = changed_lines((old or "").split("\n"), new.split("\n"))

    def involved(entry) -> bool:
        if entry is None:
            return False
        end = entry.node.end_line or entry.node.line
        return any(entry.node.line <= n <= max(end, entry.node.line) for n in touched)

    page.upstream_diff.changes = [c for c in page.upstream_diff.changes
                                  if involved(c.new) or involved(getattr(c, "other", None))]
