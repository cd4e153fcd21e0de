"""Parentheses that do not pair up in running text (PR007)."""

from __future__ import annotations

from manlint.lint.checker import Checker
from manlint.lint.registry import Selection
from manlint.man import parse_text

HEAD = ".TH FROB 2 2024-01-01 \"Linux\" \"Linux Programmer's Manual\"\n.SH NAME\nfrob \\- frobnicate\n"


def lint(body: str) -> list:
    doc = parse_text(HEAD + ".SH DESCRIPTION\n" + body, "frob.2")
    return [d for d in Checker(Selection(select=["PR007"])).check(doc)]


def test_an_aside_left_open_is_reported_where_it_opens():
    found = lint("The call fails (see\n.BR errno (3).\nThen it stops.\n")
    assert [(d.line, d.col) for d in found] == [(5, 16)]
    assert "not closed" in found[0].message


def test_a_closing_parenthesis_too_many_is_reported_where_it_is():
    found = lint("It waits (if needed).\nThen\n.BR sigtimedwait ()).\n")
    assert [(d.line, d.col) for d in found] == [(7, 20)]
    assert "closes no" in found[0].message


def test_pairs_across_lines_fonts_and_links_are_balanced():
    assert lint("The call fails (see\n.BR errno (3))\nand stops.\n") == []
    assert lint("Use the full URL\n(e.g.,\n.UR http://example.org\n.UE )\nalways.\n") == []
    assert lint("The settings\n.RI ( c_cc[VMIN] )\napply.\n") == []
    # An aside may run over a paragraph break within a section.
    assert lint("(Similar problems occur.\n.PP\nSee the list.)\n") == []


def test_what_looks_like_a_parenthesis_is_left_alone():
    assert lint("The tables are: a) Latin1, b) graphics, and c) user-defined.\n") == []
    assert lint("For example, ESC ( B selects ASCII and ESC ) 0 sets G1.\n") == []
    assert lint("The opcode is\n.BR FUSE_INIT \" ( 25 )\"\nhere.\n") == []
    assert lint("A quoted ')' or \"(\" is a character, and so is \\e(aq in roff.\n") == []
    assert lint("The interval [0, 1) is half open.\n") == []
    assert lint("Glob `[!]a\\-]' matches (roughly) any character but `]'.\n") == []
    assert lint("ESC (0x1B, ^[) starts an escape sequence.\n") == []  # caret notation


def test_code_is_not_read():
    assert lint(".EX\nif (x) {\n.EE\n") == []
    doc = parse_text(HEAD + ".SH SYNOPSIS\n.BI \"int frob(int \" fd\n.SH DESCRIPTION\nText.\n", "frob.2")
    assert [d for d in Checker(Selection(select=["PR007"])).check(doc)] == []


def test_a_page_that_drops_parentheses_throughout_is_one_finding():
    body = "".join(f"Item {k} is measured in ticks (divide by\n.IR hz .\n.PP\n" for k in range(5))
    found = lint(body)
    assert len(found) == 1 and "4 more" in found[0].message


def test_parentheses_that_count_even_but_pair_wrongly_are_found():
    found = lint("(This is set at compile time.)\nSee the ramdisk\nsetup), in the file\n.RI ( ramdisk.txt\nin old kernels.\n")
    assert [d.line for d in found] == [7, 8]


def test_a_glyph_escape_does_not_hide_a_stray_parenthesis():
    found = lint("It is a bad idea\\(emthe system knows.\nSee the\nsetup), in the file.\n")
    assert [d.line for d in found] == [7]


def lint_rule(body: str, code: str) -> list:
    doc = parse_text(HEAD + ".SH DESCRIPTION\n" + body, "frob.2")
    return [d for d in Checker(Selection(select=[code])).check(doc)]


def test_a_sentences_period_inside_an_aside_is_moved_out():
    from manlint.lint.fixes import apply_edits
    body = "The cpuset is a hardwall cpuset (see below.)\nThen it stops.\n"
    found = lint_rule(body, "PR008")
    assert [(d.line, d.col) for d in found] == [(5, 43)]
    fixed, count = apply_edits(HEAD + ".SH DESCRIPTION\n" + body, found)
    assert count == 1 and "cpuset (see below).\nThen" in fixed


def test_an_aside_that_is_a_sentence_or_ends_in_an_abbreviation_keeps_its_period():
    assert lint_rule("It stops.\n(This is a sentence of its own.)\n", "PR008") == []
    assert lint_rule("It reads pipes (sockets, FIFOs, etc.)\nand stops.\n", "PR008") == []
    # Words follow the parenthesis on its line: not the sentence's end.
    assert lint_rule("It reads a file (with a newline.) and stops.\n", "PR008") == []
