"""The roff reader and man(7) parser on small pages written for each construct."""

from __future__ import annotations

import gzip
import os

from manlint.man import nodes as N
from manlint.man import parse_bytes, parse_file, parse_text
from manlint.man.query import _Body
from manlint.render.tree import dump


def page(body: str, th: str = ".TH T 1 2024-01-01\n") -> N.Document:
    return parse_text(th + ".SH NAME\nt \\- test\n.SH DESCRIPTION\n" + body)


def desc(doc: N.Document):
    """The DESCRIPTION section's body, without its heading."""
    return _Body(doc.section("DESCRIPTION"))


def names(doc):
    return [d.name for d in doc.diagnostics]


def texts(node):
    return [(t.value, t.font) for t in node.findall(N.Text)]


def test_font_escapes_and_previous_font():
    doc = page("a \\fBb\\fP c \\f(BIx\\fR \\f[I]y\\f[] z\n")
    assert texts(desc(doc)) == [("a ", "R"), ("b", "B"), (" c ", "R"), ("x", "BI"), (" ", "R"),
                                ("y", "I"), (" z", "R")]


def test_font_state_carries_across_lines():
    doc = page("\\fBbold\nstill bold\\fR\n")
    assert texts(desc(doc))[:2] == [("bold", "B"), ("still bold", "B")]


def test_alternating_font_macro_and_quotes():
    doc = page('.BR "a b" c\\fIx\\fP "" d\n.IR one\n')
    macro = desc(doc).findall(N.FontMacro)
    assert texts(macro[0]) == [("a b", "B"), ("c", "R"), ("x", "I"), ("d", "R")]
    assert texts(macro[1]) == [("one", "I")]


def test_quoted_argument_with_doubled_quote():
    doc = page('.B "say ""hi"""\n')
    assert texts(desc(doc)) == [('say "hi"', "B")]


def test_font_macro_takes_next_line():
    doc = page(".B\nwhole line\n")
    macro = desc(doc).findall(N.FontMacro)[0]
    assert macro.next_line and texts(macro) == [("whole line", "B")]
    assert macro.children[0].line == 6


def test_reference_nodes():
    doc = page(".BR mmap (2),\n.MR open 2 .\n.BR not-a-ref (x)\n")
    refs = desc(doc).findall(N.Reference)
    assert [(r.name, r.section, r.macro) for r in refs] == [("mmap", "2", "BR"), ("open", "2", "MR")]
    assert refs[0].line == 5 and refs[0].col == 5


def test_special_characters_and_strings():
    doc = page("\\(lqq\\(rq \\*(lqs\\*(rq \\[em] \\[u00E9] \\C'dg' \\- \\e\n")
    text = desc(doc).text()
    assert text == "\u201cq\u201d \u201cs\u201d \u2014 \u00e9 \u2020 - \\"


def test_unknown_escape_and_glyph_are_reported():
    doc = page("a\\qb \\(zz\n")
    assert "unknown-escape" in names(doc) and "unknown-glyph" in names(doc)
    d = [d for d in doc.diagnostics if d.name == "unknown-escape"][0]
    assert (d.line, d.col) == (5, 2)


def test_comments_and_continuation():
    doc = page('.B one \\" a comment\ntwo \\\nthree\n.\\" whole line\n')
    assert texts(desc(doc))[:2] == [("one", "B"), ("two three", "R")]
    assert desc(doc).findall(N.Comment)[0].text.startswith('.\\"')


def test_user_macro_expansion_records_origin():
    doc = page('.de Qq\n\\\\$2\\(lq\\\\$1\\(rq\n..\n.Qq word (\n')
    lines = desc(doc).findall(N.TextLine)
    assert lines[-1].plain == "(\u201cword\u201d"
    origin = lines[-1].origin
    assert origin.kind == "macro" and origin.name == "Qq" and origin.line == 6


def test_macro_recursion_is_bounded():
    doc = page(".de a\n.a\n.a\n..\n.a\n")
    assert "expansion-limit" in names(doc)


def test_strings_nested_expansion_is_bounded():
    body = ".ds s0 x\n" + "".join(f".ds s{i} \\*[s{i-1}]\\*[s{i-1}]\\*[s{i-1}]\\*[s{i-1}]\n"
                                  for i in range(1, 25)) + "\\*[s24]\n"
    doc = page(body)
    assert "expansion-limit" in names(doc)


def test_conditionals():
    doc = page(".if n nroff\n.if t troff\n.ie \\n(.g groff\n.el other\n"
               ".if '\\*(.T'utf8' utf8\n.if !'a'b' differ\n.if n \\{\\\nblock\n.\\}\n"
               ".if t \\{\\\nskipped\n.\\}\n.if (1>0)&(2<3) expr\n")
    assert desc(doc).text() == "nroff groff utf8 differ block expr"


def test_el_without_ie():
    assert "el-without-ie" in names(page(".el x\n"))


def test_so_is_confined_to_the_tree(tmp_path):
    (tmp_path / "man2").mkdir()
    (tmp_path / "man2" / "real.2").write_text(".TH REAL 2\n.SH NAME\nreal \\- target\n")
    (tmp_path / "man2" / "link.2").write_text(".so man2/real.2\n")
    (tmp_path / "man2" / "evil.2").write_text(".so /etc/passwd\n.so ../../x\n")
    doc = parse_file(str(tmp_path / "man2" / "link.2"))
    assert doc.title.title == "REAL"
    assert doc.section("NAME").children[0].source.path.endswith("man2/real.2")
    evil = parse_file(str(tmp_path / "man2" / "evil.2"))
    assert names(evil).count("so-outside-tree") == 2
    assert "root:" not in dump(evil)


def test_so_cycle(tmp_path):
    (tmp_path / "man1").mkdir()
    (tmp_path / "man1" / "a.1").write_text(".so man1/b.1\n")
    (tmp_path / "man1" / "b.1").write_text(".so man1/a.1\n")
    assert "so-cycle" in names(parse_file(str(tmp_path / "man1" / "a.1")))


def test_blocks_and_scopes():
    doc = page(".PP\np\n.TP\n.B TAG\nbody\n.RS 4\n.EX\ncode\n.EE\n.RE\nafter\n.IP \\(bu 2\nbullet\n")
    d = desc(doc)
    tp = d.findall(N.TaggedParagraph)[0]
    assert tp.tag_text == "TAG"
    inset = tp.findall(N.Inset)[0]
    assert inset.indent == "4" and inset.closed
    assert inset.findall(N.NoFill)[0].macro == "EX"
    assert tp.children[-1].plain == "after"
    ip = d.findall(N.IndentedParagraph)[0]
    assert ip.tag_text == "\u2022" and ip.width == "2"
    assert names(doc) == []


def test_scope_errors_are_reported():
    doc = page(".RE\n.RS\n.EX\ntext\n.SH NEXT\n.fi\n.UE\n.TP\n.PP\n")
    got = names(doc)
    for expected in ("re-without-rs", "unclosed-inset", "unclosed-nofill", "fill-already-on",
                     "link-close-without-open", "missing-tag"):
        assert expected in got, expected


def test_nofill_continues_across_paragraphs():
    doc = page(".nf\na\n.PP\nb\n.fi\nc\n")
    parts = desc(doc).findall(N.NoFill)
    assert [p.continued for p in parts] == [False, True]
    assert parts[-1].closed and parts[-1].text() == "b"


def test_unknown_macro_kept_with_diagnostic():
    doc = page(".Zz arg\n")
    assert desc(doc).findall(N.Macro)[0].args[0][0] == "arg"
    assert "unknown-macro" in names(doc)


def test_mdoc_page_is_recognised_once():
    doc = parse_text(".Dd March 1, 2020\n.Dt FOO 1\n.Sh NAME\n.Nm foo\n")
    assert doc.mdoc and names(doc) == ["mdoc-page"]


def test_table_and_preprocessor_blocks():
    doc = page(".TS\nallbox;\nl lb.\na\tb\nT{\nlong \\fBtext\\fR\nT}\tc\n.TE\n.EQ\nx sup 2\n.EN\n")
    table = desc(doc).findall(N.Table)[0]
    rows = [r for r in table.children if r.kind == "data"]
    assert len(rows) == 2
    assert [c.text() for c in rows[0].children] == ["a", "b"]
    assert rows[1].children[0].text() == "long text"
    assert [t.font for t in rows[0].children[1].findall(N.Text)] == ["B"]
    assert desc(doc).findall(N.Opaque)[0].kind == "eqn"
    assert "preprocessor-unsupported" in names(doc)


def test_encodings_are_reported_not_fatal():
    latin = parse_bytes(b".TH T 1\n.SH NAME\ncaf\xe9 \\- x\n")
    assert "not-utf8" in names(latin) and "caf\u00e9" in latin.section("NAME").text()
    crlf = parse_bytes(b".TH T 1\r\n.SH NAME\r\nx \\- y\r\n")
    assert "crlf-line-endings" in names(crlf) and _Body(crlf.section("NAME")).text() == "x - y"
    nul = parse_bytes(b".TH T 1\n.SH NAME\nx\x00y\n")
    assert "control-character" in names(nul)
    utf16 = parse_bytes(".TH T 1\n.SH NAME\nx\n".encode("utf-16"))
    assert "utf16-input" in names(utf16) and utf16.title.title == "T"


def test_gzip_pages(tmp_path):
    path = tmp_path / "g.1.gz"
    path.write_bytes(gzip.compress(b".TH G 1\n.SH NAME\ng \\- gz\n"))
    assert parse_file(str(path)).title.title == "G"


def test_missing_title_and_empty_heading():
    doc = parse_text(".SH\n.PP\ntext\n")
    assert {"missing-title", "empty-heading"} <= set(names(doc))


def test_tree_dump_has_positions():
    doc = page(".TP\n.B X\nbody\n")
    out = dump(doc)
    assert "TaggedParagraph(.TP) 'X' 5:1" in out
    assert "Text[B] 'X' 6:4" in out
    assert os.linesep in out or "\n" in out


def test_control_characters_are_reported_once_with_their_count():
    doc = parse_bytes(b".TH T 1\n.SH NAME\nx\x01y\x02\nz\x03\n")
    found = [d for d in doc.diagnostics if d.name == "control-character"]
    assert len(found) == 1 and (found[0].line, found[0].col) == (3, 2) and "(and 2 more)" in found[0].message


def test_numbers_that_are_no_roff_expression_are_reported_as_groff_does():
    # A request reads the number its argument starts with (".in +0.25in" is
    # +0.25i); a macro's indent is used whole in an expression.
    text = (".TH T 1\n.SH NAME\nx \\- y\n.SH DESCRIPTION\n.in +n4\n.in +0.25in\n.sp 2q\n"
            ".RS x4\n.RE\n.TP 1.0in\ntag\n.TP ENOSPC\nbody\n.IP * 3\nitem\n.PD 0\n")
    doc = parse_text(text)
    found = [(d.line, d.message.split("'")[1]) for d in doc.diagnostics if d.name == "bad-number"]
    assert found == [(5, "+n4"), (8, "x4"), (10, "1.0in"), (12, "ENOSPC")]


def test_a_bare_nf_ended_by_a_heading_is_accepted_but_not_at_the_end_of_the_page():
    # groff and mandoc turn fill mode back on at .SH: the block renders as if closed.
    assert "unclosed-nofill" not in names(page(".nf\na\n.SH NEXT\nb\n"))
    assert "unclosed-nofill" in names(page(".nf\na\n"))
    assert "unclosed-nofill" in names(page(".EX\na\n.SH NEXT\nb\n"))


def test_escapes_in_a_requests_arguments_are_reported_on_the_requests_line():
    doc = page("First line.\n.PP\n.nr A \\*(Qq+1\n.if \\n(Zz>1 .ds B x\nText \\*(Xy.\n")
    found = sorted((d.name, d.line) for d in doc.diagnostics)
    # Lines: 1 .TH, 2 .SH, 3 NAME, 4 .SH, 5 text, 6 .PP, 7 .nr, 8 .if, 9 text.
    assert found == [("undefined-register", 8), ("undefined-string", 7), ("undefined-string", 9)]


def test_a_condition_that_asks_whether_a_string_is_defined_is_no_use_of_it():
    doc = page(".if \\w'\\*(Pm'=0 .ds Pm \\(+-\nvalue \\*(Pm here\n")
    assert "undefined-string" not in names(doc)
    assert doc.section("DESCRIPTION") is not None


def test_escapes_in_macro_arguments_are_reported_where_they_stand():
    doc = parse_text(".TH A 3 2020-01-01 \\*(Zq\n.SH NAME\na \\- b\n.SH DESCRIPTION\nFirst.\n"
                     ".UR http://\\*(Uq/x\n.UE\n.BR foo\\*(Ww (3)\n")
    found = sorted((d.line, d.col) for d in doc.diagnostics if d.name == "undefined-string")
    assert found == [(1, 20), (6, 12), (8, 8)]


def test_a_width_escape_holding_spaces_is_one_argument_of_nr():
    doc = page(".nr w \\w'1896-01-13  'u+\\n(.i\n.nr y \\w'abc\nText.\n")
    # Only the unterminated one is wrong.
    assert sorted((d.name, d.line) for d in doc.diagnostics) == [("bad-number", 6), ("unterminated-escape", 6)]
