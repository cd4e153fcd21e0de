"""Every rule documents itself and proves its example: the bad source fires, the good one does not."""

from __future__ import annotations

import pytest

from manlint.lint.checker import Checker
from manlint.lint.fixes import apply_edits
from manlint.lint.registry import Selection, catalogue, load_rules
from manlint.man import parse_text

PAGE_HEAD = ".TH FROB 2 2024-01-01 \"Linux\" \"Linux Programmer's Manual\"\n.SH NAME\nfrob \\- frobnicate\n"


def _page(example: str) -> str:
    if example.startswith(".TH"):
        return example
    if example.startswith(".SH"):
        return PAGE_HEAD + example
    return PAGE_HEAD + ".SH DESCRIPTION\n" + example


def _lint(text: str, rule) -> list:
    doc = parse_text(text, "frob.2")
    return [d for d in Checker(Selection(select=[rule.code])).check(doc) if d.code == rule.code]


RULES = load_rules()


def test_codes_and_names_are_unique_and_well_formed():
    cat = list(catalogue())
    assert len({d.code for d in cat}) == len(cat)
    assert len({d.name for d in cat}) == len(cat)
    for d in cat:
        assert d.code[:2] in ("RF", "MN", "MP", "PR", "XR", "ML", "HD", "PT") and d.code[2:].isdigit(), d.code
        assert d.name == d.name.lower() and " " not in d.name and "_" not in d.name, d.name
        assert d.doc.strip(), f"{d.code} has no documentation"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_doc_and_examples(rule):
    assert rule.doc() and len(rule.doc()) > 40, f"{rule.code}: write a paragraph of documentation"
    assert rule.bad and rule.good, f"{rule.code}: needs a bad and a good example"
    assert "Example:" in rule.full_doc() and "Use instead:" in rule.full_doc()


# Rules whose examples need a page installed in the system's manual.
NEEDS_PAGE = {"XR002": ("fifo", "7"), "XR005": ("ls", "1"), "XR003": ("ls", "1"), "XR004": ("mincore", "2"),
              "MP016": ("mmap", "2"), "MP041": ("execveat", "2")}


def _skip_without_page(rule) -> None:
    if rule.code in NEEDS_PAGE:
        from manlint.world.pages import page_index
        name, section = NEEDS_PAGE[rule.code]
        if not page_index(None).exists(name, section):
            pytest.skip(f"{rule.code}'s example needs {name}({section}) in the system's manual")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_bad_example_fires_and_good_does_not(rule):
    _skip_without_page(rule)
    assert _lint(_page(rule.bad), rule), f"{rule.code} does not fire on its bad example"
    assert not _lint(_page(rule.good), rule), f"{rule.code} fires on its good example"


@pytest.mark.parametrize("rule", [r for r in RULES if r.fix], ids=lambda r: r.code)
def test_fix_removes_the_finding(rule):
    _skip_without_page(rule)
    text = _page(rule.bad)
    found = _lint(text, rule)
    assert any(d.fix is not None for d in found), f"{rule.code} claims a fix but offers none"
    fixed, count = apply_edits(text, found)
    assert count and fixed != text
    assert not _lint(fixed, rule), f"{rule.code}: the fix leaves the finding in place"
