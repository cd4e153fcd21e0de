"""The tree of mmap.2 (man-pages 5.13) has the structure a reader sees."""

from __future__ import annotations

import pytest

from conftest import corpus_page
from manlint.man import nodes as N
from manlint.man import parse_file
from manlint.man.query import tagged_lists


@pytest.fixture(scope="module")
def mmap():
    return parse_file(corpus_page("man2/mmap.2"))


def test_title_fields(mmap):
    t = mmap.title
    assert (t.title, t.section, t.date, t.source_name, t.manual) == (
        "MMAP", "2", "2021-03-22", "Linux", "Linux Programmer's Manual")
    assert t.line == 40


def test_sections_in_order(mmap):
    names = [s.name for s in mmap.sections()]
    assert names == ["NAME", "SYNOPSIS", "DESCRIPTION", "RETURN VALUE", "ERRORS", "ATTRIBUTES",
                     "CONFORMING TO", "NOTES", "BUGS", "EXAMPLES", "SEE ALSO"]
    assert [s.line for s in mmap.sections()][:3] == [41, 43, 54]


def test_flags_subsection_holds_two_lists(mmap):
    desc = mmap.section("DESCRIPTION")
    flags = [c for c in desc.children if isinstance(c, N.Subsection) and c.name == "The flags argument"]
    assert len(flags) == 1
    lists = tagged_lists(flags[0])
    assert len(lists) == 2
    first = [e.name for e in lists[0]]
    assert first == ["MAP_SHARED", "MAP_SHARED_VALIDATE", "MAP_PRIVATE"]
    second = [e.name for e in lists[1]]
    assert second[0] == "MAP_32BIT" and second[-1] == "MAP_UNINITIALIZED"
    by_name = {e.name: e for e in lists[1]}
    noreplace = by_name["MAP_FIXED_NOREPLACE"]
    assert noreplace.since == "Linux 4.17"
    assert noreplace.line == 271  # the .TP line
    assert noreplace.node.tag.children[0].line == 272
    huge = by_name["MAP_HUGE_2MB"]
    assert huge.names == ["MAP_HUGE_2MB", "MAP_HUGE_1GB"]
    assert huge.since == "Linux 3.8"


def test_errors_list(mmap):
    errors = tagged_lists(mmap.section("ERRORS"))
    codes = [e.name for e in errors[0]]
    assert codes[0] == "EACCES" and codes[-1] == "ETXTBSY"
    for code in ("EINVAL", "ENOMEM", "EPERM"):
        assert codes.count(code) == 3, code
    texts = [e.text for e in errors[0] if e.name == "EINVAL"]
    assert len(set(texts)) == 3
    signals = [e.name for e in errors[1]]
    assert signals == ["SIGSEGV", "SIGBUS"]
    assert all(e.line > 514 for e in errors[0])


def test_cross_references(mmap):
    refs = [(r.name, r.section) for r in mmap.findall(N.Reference)]
    assert ("msync", "2") in refs
    see_also = mmap.section("SEE ALSO")
    assert [r.name for r in see_also.findall(N.Reference)][:3] == ["ftruncate", "getpagesize", "memfd_create"]


def test_positions_point_at_the_source(mmap):
    lines = mmap.source.lines
    for node in mmap.walk():
        if isinstance(node, N.Text) and node.origin is None and "\\" not in node.value:
            src_line = lines[node.line - 1]
            assert src_line[node.col - 1:].startswith(node.value[:5].replace("\ue000", "")[:1]), (node.line, node.col)


def test_synopsis_is_nofill(mmap):
    syn = mmap.section("SYNOPSIS")
    nofill = syn.findall(N.NoFill)
    assert nofill and nofill[0].macro == "nf"
    assert any(n.continued for n in nofill)
    bi = [m for m in syn.findall(N.FontMacro) if m.macro == "BI"]
    assert [t.font for t in bi[0].children[:2]] == ["B", "I"]
