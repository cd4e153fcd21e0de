"""Typing slips: unknown words one keystroke from a common English word (PR006)."""

from __future__ import annotations

import gzip

import pytest

from manlint.lint.checker import Checker
from manlint.lint.rules import typos
from manlint.world import vocabulary
from manlint.lint.registry import Selection
from manlint.man import parse_text

HEAD = ".TH FROB 2 2024-01-01 \"Linux\" \"Linux Programmer's Manual\"\n.SH NAME\nfrob \\- frobnicate\n"


@pytest.fixture(autouse=True)
def no_manual(monkeypatch):
    """No installed manual unless a test gives one: the results must not depend on the machine."""
    monkeypatch.setattr(typos, "manual_vocabulary", lambda: frozenset())


def with_manual(monkeypatch, *words: str) -> None:
    monkeypatch.setattr(typos, "manual_vocabulary", lambda: frozenset(words))


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


def test_a_derivation_of_a_rare_word_can_still_be_a_slip_of_a_common_one():
    # "bocked" is "bock" + "-ed", but "bock" is rare and "blocked" one keystroke away;
    # "unmaps" derives from the common "maps" and stays a word.
    found = lint(".SH DESCRIPTION\nLater accesses will not be bocked by faults.\nThe call unmaps it.\n", "PR006")
    assert [d.message.split("'")[1] for d in found] == ["bocked"] and "'blocked'" in found[0].message


def test_words_of_the_installed_manual_are_known(monkeypatch):
    text = ".SH DESCRIPTION\nThe tracer stops the tracee at once.\n"
    assert len(lint(text, "PR006")) == 1  # "tracee" is one letter from "tracer"
    with_manual(monkeypatch, "tracee")
    assert lint(text, "PR006") == []


def test_with_a_vocabulary_slips_at_the_ends_and_in_comments_are_found(monkeypatch):
    text = (".SH DESCRIPTION\nThe flag is checked at ithe start.\nThe flags are given ogether with it.\n"
            ".\\\" FIXME: not readng twice\nThe call uses vlimit here.\n")
    assert [d.message.split("'")[1] for d in lint(text, "PR006")] == []  # both ends kept: none
    with_manual(monkeypatch, "tracee")
    found = [d.message.split("'")[1] for d in lint(text, "PR006")]
    # A stray "i" and a lost first letter are slips; a letter put before a word
    # ("vlimit") makes the name of another thing.
    assert found == ["ithe", "ogether", "readng"]


def test_comment_words_with_an_address_or_a_change_log_year_are_names(monkeypatch):
    with_manual(monkeypatch, "tracee")
    head = ".\\\" Modified 2001-11-12, wharmss added a remark\n.\\\" Thanks to Jonh <j@example.org>\n"
    doc = parse_text(head + HEAD + ".SH DESCRIPTION\n.\\\" the defn moved\nText.\n", "frob.2")
    assert [d for d in Checker(Selection(select=["PR006"])).check(doc)] == []


def test_vocabulary_is_the_words_of_two_pages(tmp_path):
    man1 = tmp_path / "man1"
    man1.mkdir()
    (man1 / "a.1").write_text(".TH A 1\nThe tracee stops; a quux is here.\n")
    with gzip.open(man1 / "b.1.gz", "wt") as fh:
        fh.write(".TH B 1\nEach tracee \\fBruns\\fP.\n")
    (man1 / "c.1").symlink_to("a.1")  # read once, under its own name
    words = vocabulary.scan([str(man1)])
    assert "tracee" in words and "quux" not in words and "the" not in words
    assert not {"fbruns", "bruns"} & words  # a font escape is not part of a word


def test_a_slip_of_the_manuals_jargon_is_found_unless_it_names_a_page(monkeypatch):
    with_manual(monkeypatch, "bitwise", "semzcnt", "fdopen", "libcap")
    monkeypatch.setattr(typos, "known_page_names", lambda path: frozenset({"fdopen"}))
    text = ".SH DESCRIPTION\nThe values can be biwise combined.\n"
    found = lint(text, "PR006")
    assert len(found) == 1 and "'bitwise'" in found[0].message
    # "fwopen" is one letter from the page fdopen(3): a function of its own, not a slip.
    assert lint(".SH DESCRIPTION\nThe stream comes from fwopen here.\n", "PR006") == []
    # A library's name is a name: "libpcap" is no slip of "libcap".
    assert lint(".SH DESCRIPTION\nThe capture uses libpcap here.\n", "PR006") == []
    # Short words are names more often than slips of jargon.
    with_manual(monkeypatch, "semop")
    assert lint(".SH DESCRIPTION\nThe call semip waits.\n", "PR006") == []


def test_a_slip_inside_a_longer_word_of_the_page_is_still_found(monkeypatch):
    # "ithe" is part of "either" and "xisted" part of "existed": the page does
    # not use them as words, so neither is a word the page means.
    with_manual(monkeypatch, "tracee")
    text = (".SH DESCRIPTION\nEither way it is checked at ithe start.\n"
            "The bugs xisted in older versions; the page existed then.\n")
    assert [d.message.split("'")[1] for d in lint(text, "PR006")] == ["ithe", "xisted"]
    # Used as a word twice, it is meant.
    assert lint(".SH DESCRIPTION\nThe ithe flag.\nSet ithe twice.\n", "PR006") == []


def test_a_plural_made_twice_or_short_run_together_parts_are_no_known_word():
    # "operationss" is no suffix on "operations"; "xisted" is not "xis" + "ted":
    # a part of three letters must be a common word ("writeout" is).
    text = ".SH DESCRIPTION\nThe list of operationss available.\n"
    assert [d.message.split("'")[1] for d in lint(text, "PR006")] == ["operationss"]
    assert typos._derived("writeout", typos.known_words(), frozenset())
    assert not typos._derived("xisted", typos.known_words(), frozenset())


def test_a_word_alone_on_its_line_is_an_entry_of_a_list(monkeypatch):
    with_manual(monkeypatch, "cflags")
    assert lint(".SH DESCRIPTION\nThese are undocumented:\n.PP\nchflags\n.br\nfreeze\n", "PR006") == []
    assert lint(".SH DESCRIPTION\nUndocumented.\n.\\\" chflags\n", "PR006") == []
    assert len(lint(".SH DESCRIPTION\nThe call uses chflags here.\n", "PR006")) == 1


def test_slips_after_a_hyphen_before_an_apostrophe_s_and_with_a_doubled_consonant():
    text = (".SH DESCRIPTION\nThe program takes one command-liane argument.\n"
            "The call is aimmed at it.\nIt escapes the trcer's control.\n")
    assert [d.message.split("'")[1] for d in lint(text, "PR006")] == ["liane", "aimmed", "trcer"]
    # A consonant doubled after one vowel makes a known word's form.
    assert lint(".SH DESCRIPTION\nThe unmapped and stopped regions are read-only.\n", "PR006") == []
