"""Typing slips: unknown words one keystroke from a common English word (PR006)."""

from __future__ import annotations

from manlint.lint.checker import Checker
from manlint.lint.registry import Selection
from manlint.man import parse_text

HEAD = ".TH FROB 2 2024-01-01 \"Linux\" \"Linux Programmer's Manual\"\n.SH NAME\nfrob \\- frobnicate\n"


def lint(text: str, *codes: str, path: str = "frob.2") -> list:
    doc = parse_text(HEAD + text, path)
    return [d for d in Checker(Selection(select=list(codes))).check(doc) if d.code in codes]


def test_typing_slip_is_found_with_its_word():
    found = lint(".SH DESCRIPTION\nIf no such\nwatch exists, the call siuch fails.\n", "PR006")
    assert len(found) == 1 and "'such'" in found[0].message and found[0].line == 6


def test_typing_slip_leaves_jargon_alone():
    # A known word with a prefix or suffix, two known words run together,
    # a word the page repeats, a British spelling, a word in bold, and a line
    # of two unknown words (a list of names) are all meant.
    text = (".SH DESCRIPTION\nThe call unmaps the region.\nThe writeout happens later.\n"
            "A quueue here and a quueue there.\nThe colour is kept.\n.B siuch\nis a name.\n"
            "Flags booke and stbar are set.\n")
    assert lint(text, "PR006") == []
