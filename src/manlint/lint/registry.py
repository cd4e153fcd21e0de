"""The one catalogue of messages (parser and rules) and rule selection."""

from __future__ import annotations

import fnmatch

from ..diagnostics import Catalogue, MessageDef, Severity
from ..man import PARSER_CATALOGUE
from .rule import RULES, Rule

UNUSED_SUPPRESSION = MessageDef(
    "ML001", "unused-suppression", Severity.WARNING, "suppression suppresses nothing",
    "A 'manlint: ignore[...]' comment matches no finding on the line it covers, so it can go.\n\n"
    "Example:\n    .\\\" manlint: ignore[MP010]\n    .BR EEXIST .\n\n"
    "Use instead: delete the comment.\n\nFix: none; edit by hand.")


def load_rules() -> list[type[Rule]]:
    from . import rules, world_rules  # noqa: F401  (importing registers every rule)
    return RULES


def catalogue() -> Catalogue:
    cat = Catalogue()
    cat.add(*PARSER_CATALOGUE)
    cat.add(UNUSED_SUPPRESSION)
    cat.add(*(r.definition() for r in load_rules()))
    return cat


def _matches(code: str, name: str, selector: str) -> bool:
    selector = selector.strip()
    if not selector:
        return False
    if selector.upper() == "ALL":
        return True
    return code.startswith(selector.upper()) or name == selector


class Selection:
    """Which rules run and at what severity, for one file."""

    def __init__(self, select=None, ignore=None, extend_select=None, severities=None):
        self.select = list(select) if select else None
        self.ignore = list(ignore or [])
        self.extend_select = list(extend_select or [])
        self.severities: dict[str, Severity] = dict(severities or {})
        self._cache: dict[str, bool] = {}

    def enabled(self, code: str, name: str, default: bool = True) -> bool:
        got = self._cache.get(code)
        if got is None:
            if self.select is not None:
                got = any(_matches(code, name, s) for s in self.select)
            else:
                got = default
            if any(_matches(code, name, s) for s in self.extend_select):
                got = True
            if any(_matches(code, name, s) for s in self.ignore):
                got = False
            self._cache[code] = got
        return got

    def rules(self) -> list[type[Rule]]:
        return [r for r in load_rules() if self.enabled(r.code, r.name, r.default_enabled)]

    def for_file(self, path: str, per_file_ignores: dict[str, list[str]] | None) -> "Selection":
        if not per_file_ignores:
            return self
        extra = [sel for pattern, sels in per_file_ignores.items()
                 if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path.split("/")[-1], pattern)
                 for sel in sels]
        if not extra:
            return self
        return Selection(self.select, self.ignore + extra, self.extend_select, self.severities)

    def key(self) -> str:
        """A stable description, for the cache key."""
        sev = ",".join(f"{k}={v.name}" for k, v in sorted(self.severities.items()))
        return f"{self.select}|{sorted(self.ignore)}|{sorted(self.extend_select)}|{sev}"
