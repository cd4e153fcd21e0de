"""Lint rules: the base class and the registry.

A rule is a small class with a stable ``code``, a kebab-case ``name``, a
default ``severity``, a ``message`` template, a docstring (one paragraph
saying what it checks and why), and an example: ``bad`` source that the
rule flags and ``good`` source that it accepts (the meta-test runs both).
``fix`` tells whether the rule offers a safe automatic fix.

A rule hooks in where it needs to: ``visit_<NodeClass>(node, ctx)`` for tree
nodes (one pass over the tree dispatches to every rule), ``check_line(ctx,
lineno, text)`` for physical source lines (only those its ``lines_matching``
pattern matches at their start, when it has one: the checker searches the
page's lines joined by newlines at once, so the pattern must not match
across a newline), and ``finish(ctx)`` once per page.
"""

from __future__ import annotations

import inspect

from ..diagnostics import MessageDef, Severity


class Rule:
    code: str = ""
    name: str = ""
    severity: Severity = Severity.WARNING
    message: str = ""
    bad: str = ""
    good: str = ""
    fix: bool = False
    # man-pages(7) house-style rules only apply to pages of that project
    # when configured so; most apply everywhere.
    default_enabled: bool = True

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def definition(cls) -> MessageDef:
        return MessageDef(cls.code, cls.name, cls.severity, cls.message, cls.full_doc())

    @classmethod
    def full_doc(cls) -> str:
        parts = [cls.doc()]
        if cls.bad:
            parts.append("Example:\n" + _indent(cls.bad))
        if cls.good:
            parts.append("Use instead:\n" + _indent(cls.good))
        parts.append("Fix: " + ("safe, applied by --fix." if cls.fix else "none; edit by hand."))
        return "\n\n".join(parts)

    def __init__(self) -> None:
        pass


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip("\n").split("\n"))


RULES: list[type[Rule]] = []


def register(cls: type[Rule]) -> type[Rule]:
    for k, r in enumerate(RULES):
        if r.code == cls.code or r.name == cls.name:
            if r.__qualname__ == cls.__qualname__ and r.__module__.split(".")[-1] == cls.__module__.split(".")[-1]:
                RULES[k] = cls  # the same rule module imported again (a reload)
                return cls
            raise ValueError(f"duplicate rule {cls.code} {cls.name}")
    RULES.append(cls)
    return cls
