"""Parser tests for manlint.roff.tbl."""

from __future__ import annotations

from manlint.roff.tbl import (Cell, DataRow, RequestRow, RuleRow,
                              parse_format_line, parse_table)


def parse(src: str):
    reports = []
    lines = [(i + 1, t) for i, t in enumerate(src.split("\n"))]
    if lines and lines[-1][1] == "":
        lines.pop()
    table = parse_table(lines, lambda *a: reports.append(a))
    return table, reports


def codes(reports):
    return [r[2] for r in reports]


def data(table):
    return [r for r in table.rows if isinstance(r, DataRow)]


def test_options_and_tab():
    t, rep = parse("center allbox tab(:) linesize(2) delim($$);\nl l.\na:b\n")
    assert rep == []
    assert t.options == {"center": True, "allbox": True, "tab": ":",
                         "linesize": "2", "delim": "$$"}
    assert [c.text for c in data(t)[0].cells] == ["a", "b"]


def test_option_synonyms_and_commas():
    t, rep = parse("frame, doubleframe, centre, expand, nospaces;\nl.\nx\n")
    assert rep == []
    assert set(t.options) == {"box", "doublebox", "center", "expand", "nospaces"}


def test_options_are_optional():
    t, rep = parse("l l.\na\tb\n")
    assert t.options == {} and rep == []
    assert len(data(t)) == 1


def test_unknown_option_reported():
    t, rep = parse("allbox bogus;\nl.\nx\n")
    assert codes(rep) == ["tbl-unknown-option"]
    assert rep[0][:2] == (1, 8)
    assert t.options == {"allbox": True}


def test_missing_option_argument():
    _t, rep = parse("tab;\nl.\nx\n")
    assert "tbl-missing-option-argument" in codes(rep)


def test_format_keys_and_modifiers():
    rows, ended, ok = parse_format_line("lb2 rIw(1i) cfCW nex | ^ s", 1)
    assert ended is False and ok
    (row,) = rows
    keys = [s.key for s in row.specs]
    assert keys == ["l", "r", "c", "n", "^", "s"]
    l, r, c, n, up, s = row.specs
    assert l.font == "B" and l.sep == 2
    assert r.font == "I" and r.width == "1i"
    assert c.font == "CW"
    assert n.equal and n.expand and n.lines_after == 1
    assert up.lines_before == 1
    assert s.key == "s"


def test_format_top_and_columns():
    rows, ended, ok = parse_format_line("lt l | | r.", 3)
    assert ended and ok
    specs = rows[0].specs
    assert specs[0].top and specs[0].col == 1
    assert specs[1].lines_after == 2 and specs[2].lines_before == 2


def test_comma_separated_format_rows():
    t, rep = parse("c s, l l.\nhead\na\tb\n")
    assert rep == []
    fmts = t.sections[0].formats
    assert [[s.key for s in f.specs] for f in fmts] == [["c", "s"], ["l", "l"]]
    rows = data(t)
    assert rows[0].format == 0 and rows[1].format == 1


def test_last_format_row_repeats():
    t, _ = parse("c c\nl r.\nA\tB\n1\t2\n3\t4\n")
    assert [r.format for r in data(t)] == [0, 1, 1]
    assert t.format_of(data(t)[2]).specs[1].key == "r"


def test_rule_keys_and_rule_format_row():
    t, rep = parse("l l\n_ =\nl l.\na\tb\nc\td\n")
    assert rep == []
    kinds = [type(r).__name__ for r in t.rows]
    assert kinds == ["DataRow", "RuleRow", "DataRow"]
    assert t.rows[1].from_format and t.rows[1].kind == "="


def test_dash_key_is_rule():
    rows, _, _ = parse_format_line("- - -.", 1)
    assert [s.key for s in rows[0].specs] == ["_", "_", "_"]


def test_bad_format_letter_reported():
    t, rep = parse("l q.\na\tb\n")
    assert "tbl-bad-format-key" in codes(rep)
    assert [r for r in rep if r[2] == "tbl-bad-format-key"][0][:2] == (1, 3)
    assert len(data(t)) == 1


def test_missing_format_terminator():
    t, rep = parse("l l\na\tb\n")
    assert "tbl-missing-format-terminator" in codes(rep)
    assert [c.text for c in data(t)[0].cells] == ["a", "b"]


def test_rule_rows_and_cell_rules():
    t, rep = parse("l l l.\n_\na\tb\tc\n=\n_\t\\_\t=\nd\t\\^\t\\Rx\n")
    assert rep == []
    assert isinstance(t.rows[0], RuleRow) and t.rows[0].kind == "_"
    assert isinstance(t.rows[2], RuleRow) and t.rows[2].kind == "="
    assert [c.kind for c in t.rows[3].cells] == ["rule", "short", "double"]
    assert [c.kind for c in t.rows[4].cells] == ["text", "vspan", "repeat"]


def test_rule_rows_do_not_consume_format_rows():
    t, _ = parse("l l\nr r.\na\tb\n_\nc\td\n")
    assert [r.format for r in data(t)] == [0, 1]


def test_text_blocks():
    src = ("allbox;\nl l l.\nT{\nfirst line\n.BR second (2)\nT}\tmid\tT{\nlast\nT}\n"
           "x\ty\tz\n")
    t, rep = parse(src)
    assert rep == []
    row = data(t)[0]
    assert [c.is_block for c in row.cells] == [True, False, True]
    assert row.cells[0].text == "first line\n.BR second (2)"
    assert (row.cells[0].line, row.cells[0].col) == (4, 1)
    assert row.cells[1].text == "mid" and row.cells[1].line == 6
    assert row.cells[2].text == "last" and row.cells[2].line == 7
    assert [c.text for c in data(t)[1].cells] == ["x", "y", "z"]


def test_unterminated_block_reported():
    t, rep = parse("l l.\na\tT{\nnever closed\nmore\n")
    assert codes(rep) == ["tbl-unterminated-block"]
    cells = data(t)[0].cells
    assert cells[1].is_block and cells[1].text == "never closed\nmore"


def test_excess_cells_reported():
    t, rep = parse("l l.\na\tb\tc\n")
    assert codes(rep) == ["tbl-excess-cells"]
    assert rep[0][:2] == (2, 5)
    assert len(data(t)[0].cells) == 3


def test_span_columns_take_no_data():
    t, rep = parse("l s l.\nwide\tx\n")
    assert rep == []


def test_requests_and_new_section():
    src = "l l.\na\tb\n.sp\n.br\n.T&\nc s.\ncentred\n.ne 2\n"
    t, rep = parse(src)
    assert rep == []
    assert len(t.sections) == 2
    assert [type(r).__name__ for r in t.rows] == [
        "DataRow", "RequestRow", "RequestRow", "DataRow", "RequestRow"]
    assert t.rows[1].text == ".sp" and t.rows[1].line == 3
    assert data(t)[1].section == 1
    assert t.format_of(data(t)[1]).specs[1].key == "s"


def test_cell_columns_are_one_based():
    t, _ = parse("tab(:);\nl l l.\nab:cde:f\n")
    assert [(c.col, c.text) for c in data(t)[0].cells] == \
        [(1, "ab"), (4, "cde"), (8, "f")]


def test_continuation_line():
    t, _ = parse("l l.\na\\\nb\tc\n")
    assert [c.text for c in data(t)[0].cells] == ["ab", "c"]


def test_raw_text_is_kept():
    t, _ = parse("l.\n\\fBbold\\fP \\(em\n")
    assert data(t)[0].cells[0].text == "\\fBbold\\fP \\(em"


def test_ncols():
    t, _ = parse("l l\nl l l.\na\n")
    assert t.ncols == 3


def test_bad_input_never_raises():
    samples = ["", ";", "(((;\n", "l l\n", "T{\n", "tab(;\nl.\nx\n",
               "l w(\n", "l fB p v.\n", "|.\nx\n", "allbox;\n.T&\n",
               "l.\nT}\n", "\x00\x01;\n\t\t\n", "l.\n" + "a\t" * 50 + "\n"]
    for src in samples:
        lines = [(i + 1, t) for i, t in enumerate(src.split("\n"))]
        reports = []
        parse_table(lines, lambda *a: reports.append(a))
        for r in reports:
            assert isinstance(r[2], str) and r[2].startswith("tbl-")
    assert parse_table([]).rows == []


def test_reports_for_empty_table():
    reports = []
    parse_table([], lambda *a: reports.append(a))
    assert reports and reports[0][2] == "tbl-empty"


def test_cell_kind_block():
    assert Cell("x", 1, 1, True).kind == "block"
    assert RequestRow(1, ".sp").text == ".sp"


def test_a_trailing_tab_or_comment_adds_no_entry():
    # groff and mandoc count neither: "a\tb\t" and "a\tb\t\\\" note" have two entries.
    _table, rep = parse('l l.\na\tb\t\nc\td\t\\" a note\ne\tf\tg\n')
    assert codes(rep) == ["tbl-excess-cells"]  # only the row with a third entry
